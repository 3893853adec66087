import { describe, expect, it } from 'vitest'
import { stamp } from '../../src/rebuild/build-state.js'

describe('stamp', () => {
  it('keeps the recorded mod while the content hash is unchanged', () => {
    expect(stamp({ hash: 'a', mod: 100 }, 'a', 500)).toEqual({ hash: 'a', mod: 100 })
  })

  it('moves mod to the build time when the content changes, never backwards', () => {
    expect(stamp({ hash: 'a', mod: 100 }, 'b', 500)).toEqual({ hash: 'b', mod: 500 })
    expect(stamp({ hash: 'a', mod: 900 }, 'b', 500)).toEqual({ hash: 'b', mod: 901 })
    expect(stamp(undefined, 'b', 500)).toEqual({ hash: 'b', mod: 500 })
  })
})
