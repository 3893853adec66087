// writeJson escapes each character a terminal acts on, found in the UTF-8 it writes, and
// writes everything else as JSON.stringify spells it.
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { type Io, writeJson } from '../../src/terminal/io.js'

function written(value: unknown): string {
  const stdout = new PassThrough()
  const chunks: Buffer[] = []
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
  writeJson({ stdout } as unknown as Io, value)
  return Buffer.concat(chunks).toString('utf8')
}

const escaped = [0x80, 0x85, 0x9b, 0x9f, 0x2028, 0x2029, 0x202a, 0x202e, 0x2066, 0x2069].map(
  (code) => [code.toString(16).padStart(4, '0'), String.fromCharCode(code)] as const,
)
// Their UTF-8 neighbours: the first and last characters of the same lead bytes left raw.
const kept = ['\u00a0', '\u00bf', '\u2027', '\u202f', '\u2065', '\u206a', '\u2192', '\u00e9']

describe('writeJson', () => {
  it.each(escaped)('writes U+%s as an escape, the same value to a reader', (code, character) => {
    const text = written({ field: `a${character}b` })
    expect(text).toBe(`{\n  "field": "a\\u${code}b"\n}\n`)
    expect(JSON.parse(text).field).toBe(`a${character}b`)
  })

  it('writes the characters beside them as they are', () => {
    const value = { field: kept.join('') }
    expect(written(value)).toBe(`${JSON.stringify(value, null, 2)}\n`)
  })
})
