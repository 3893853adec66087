import { describe, expect, it } from 'vitest'
import { parseNoteFile } from '../../src/notes/parse-note-file.js'
import { resolveNotes } from '../../src/notes/resolve-notes.js'
import { bestCpuMs } from '../support/cpu-cost.js'

// The cloze warnings of a Cloze note, read from what its field shows (not an image's alt or URL).

const context = { file: 'a.md', absolutePath: '/v/a.md', vaultRoot: '/v', vaultPath: 'a.md' }

function clozeCodes(text: string): string[] {
  const parsed = parseNoteFile(`START\nCloze\n${text}\nEND\n`, { file: 'a.md' })
  return resolveNotes(parsed, context).diagnostics.map((diagnostic) => diagnostic.code)
}

describe('cloze warnings', () => {
  it("leave out an image's alt, but not text before a `[` Markdown reads as a link", () => {
    expect(clozeCodes('{{c1::x}} ![{{c2::}}](a.png)')).toEqual([])
    expect(clozeCodes('{{c1::x}} ![a {{c2::}} [b](a.png)')).toEqual(['empty-cloze'])
  })

  it('look through a long run of `![` in time proportional to it', () => {
    // Each `![` was a start scanned to the next `]`: 50,000 took seconds.
    const field = (count: number) => `{{c1::x}} ${'!['.repeat(count)}] \``
    // 8× the input: linear about 8× the time, quadratic 64×.
    const small = bestCpuMs(() => clozeCodes(field(5_000)))
    const large = bestCpuMs(() => clozeCodes(field(40_000)))
    expect(large / Math.max(small, 1)).toBeLessThan(30)
  })

  it('leave out what raw HTML hides, and only that, where a comment or tag is left open', () => {
    expect(clozeCodes('{{c1::x}} <!-- {{c2::}} -->')).toEqual([])
    // A `<!--` no `-->` follows, or a tag no `>` ends, hides nothing here.
    expect(clozeCodes('{{c1::x}} <!-- {{c2::}}')).toEqual(['empty-cloze'])
    expect(clozeCodes('{{c1::x}} <!-- a --> <!-- {{c2::}}')).toEqual(['empty-cloze'])
    expect(clozeCodes('{{c1::x}} <!--> {{c2::}} -->')).toEqual([])
    expect(clozeCodes('{{c1::x}} --> <!--> {{c2::}}')).toEqual(['empty-cloze'])
    expect(clozeCodes('{{c1::x}} <script {{c2::}}')).toEqual(['empty-cloze'])
    expect(clozeCodes('{{c1::x}} <script {{c2::}} >')).toEqual([])
    expect(clozeCodes('{{c1::x}} <script> {{c2::}} </script> <svg')).toEqual([])
    expect(clozeCodes('{{c1::x}} <svg> {{c2::}}')).toEqual([])
    expect(clozeCodes('{{c1::x}} <a title="<!--"> {{c2::}}')).toEqual(['empty-cloze'])
  })

  it('look through a long run of open comments and tags in time proportional to it', () => {
    // Each `<!--` no `-->` follows, and each `<svg` no `>` follows, was a start read to the
    // end of the text: 100,000 `<!--` took 14 s.
    for (const opener of ['<!--', '<svg', '<script ']) {
      const field = (count: number) => `{{c1::x}} ${opener.repeat(count)}`
      // 8× the input: linear about 8× the time, quadratic 64×.
      const small = bestCpuMs(() => clozeCodes(field(5_000)))
      const large = bestCpuMs(() => clozeCodes(field(40_000)))
      expect(large / Math.max(small, 1), opener).toBeLessThan(30)
    }
  })
})
