import { describe, expect, it } from 'vitest'
import { utf8Chunks } from '../../src/text/utf8-chunks.js'

describe('utf8Chunks', () => {
  it('gives the bytes of the joined parts, in chunks of about the size asked', () => {
    const parts = Array.from({ length: 200 }, (_, index) => `<p>${index} · é — ✓</p>\n`)
    const chunks = [...utf8Chunks(parts, 100)]
    expect(Buffer.concat(chunks).equals(Buffer.from(parts.join(''), 'utf8'))).toBe(true)
    expect(chunks.length).toBeGreaterThan(20)
  })

  it('keeps a surrogate pair split between two parts one character', () => {
    const emoji = '😀'
    const parts = ['a'.repeat(9) + emoji[0], `${emoji[1]}b`, 'c']
    const joined = Buffer.from(parts.join(''), 'utf8')
    expect(joined.toString()).toBe(`${'a'.repeat(9)}😀bc`)
    expect(Buffer.concat([...utf8Chunks(parts, 10)]).equals(joined)).toBe(true)
    // A lone half is written as the whole text would write it (U+FFFD), wherever it falls.
    const lone = ['a'.repeat(9) + emoji[0], 'b']
    expect(Buffer.concat([...utf8Chunks(lone, 10)]).equals(Buffer.from(lone.join('')))).toBe(true)
  })

  it('gives nothing for no text', () => {
    expect([...utf8Chunks([])]).toEqual([])
    expect([...utf8Chunks(['', ''])]).toEqual([])
  })
})
