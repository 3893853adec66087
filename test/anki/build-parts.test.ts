import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { stamp } from '../../src/build/build-state.js'
import { defaultOutputPath, fileNameFor } from '../../src/build/output-path.js'
import { createProgressBar } from '../../src/build/progress.js'

describe('defaultOutputPath', () => {
  it('names the package after the single root deck', () => {
    expect(defaultOutputPath('/work', ['UDS::Basics', 'UDS', 'UDS::Labs::Deep'])).toBe(
      '/work/dist/UDS.apkg',
    )
  })

  it('falls back to deck.apkg for several root decks or none', () => {
    expect(defaultOutputPath('/work', ['A', 'B::C'])).toBe('/work/dist/deck.apkg')
    expect(defaultOutputPath('/work', [])).toBe('/work/dist/deck.apkg')
  })

  it('makes deck names safe as file names', () => {
    expect(fileNameFor('Sockets: a/b "test"?')).toBe('Sockets- a-b -test-')
    expect(fileNameFor('..')).toBe('deck')
    expect(fileNameFor('  Spaced   out  ')).toBe('Spaced out')
  })
})

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

describe('createProgressBar', () => {
  it('redraws one line only when the percentage moves, and erases it', () => {
    const stream = new PassThrough()
    const chunks: string[] = []
    stream.on('data', (chunk) => chunks.push(String(chunk)))
    const bar = createProgressBar(stream, 'rendering', 10)
    for (let done = 1; done <= 1000; done += 1) bar.update(done, 1000)
    bar.finish()
    // 0% … 100%: 101 drawings, then the erase.
    expect(chunks).toHaveLength(102)
    expect(chunks[0]).toBe('\rrendering [          ]   0% 1/1000')
    expect(chunks[50]).toBe('\rrendering [#####     ]  50% 500/1000')
    expect(chunks[100]).toBe('\rrendering [##########] 100% 1000/1000')
    expect(chunks[101]).toBe('\r\u001b[2K')
  })
})
