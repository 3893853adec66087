import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isSafeMediaName } from '../../src/model/media.js'
import { mediaName } from '../../src/render/media-name.js'

describe('isSafeMediaName', () => {
  it('accepts a plain name and refuses what Anki would rewrite', () => {
    expect(isSafeMediaName('diagram-1a2b3c4d.png')).toBe(true)
    for (const name of [
      '',
      '.',
      '..',
      'a/b.png',
      'a:b',
      'x.png.',
      'x ',
      'e\u0301.png',
      `${'a'.repeat(121)}`,
    ]) {
      expect(isSafeMediaName(name), JSON.stringify(name)).toBe(false)
    }
  })

  it('accepts every name the renderer gives a media file', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, unit: 'grapheme' }), (path) =>
        isSafeMediaName(mediaName(path)),
      ),
    )
  })
})
