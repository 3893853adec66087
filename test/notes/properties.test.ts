import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { NoteBlock } from '../../src/model/note.js'
import { parseNoteFile } from '../../src/notes/parse-note-file.js'
import { resolveNotes } from '../../src/notes/resolve-notes.js'
import { defaultSettings, parseSettings } from '../../src/notes/settings.js'

// Lines that matter to the grammar, mixed with noise, so random files hit
// real paths (blocks, fences, front matter, inline notes, file settings).
const grammarLine = fc.oneof(
  fc.constantFrom(
    'START',
    'START ',
    'END',
    'END END',
    'ENDOCRINE',
    'Basic',
    'Cloze',
    'Basci',
    'Basic (and reversed card)',
    'Back: answer',
    'Back:',
    'Front: q',
    'Text: {c1::x} {y}',
    'Tags: a b/c',
    '<!--ID: 1700000000000-->',
    'ID: 12',
    'Lab: stream-echo#echo, bad_lab!',
    '```',
    '````',
    '~~~',
    '    ```',
    '---',
    'deck: [x',
    'tags: a',
    'TARGET DECK',
    'TARGET DECK: Deck',
    'FILE TAGS: x y',
    'FROZEN - Basic:',
    'DELETE',
    '# Heading',
    '<!--',
    '<!-- one line -->',
    '-->',
    '%%',
    'text %% hidden',
    '- STARTI [Basic] q Back: a ENDI',
    'STARTI [Basic] unterminated',
    'STARTI no type ENDI',
    'START\nBasic\nq\nBack: a\nEND',
    'START\nCloze\nA {{c1::x}}\nTags: t\nEND',
    'START\nBasic (and reversed card)\nq\n```\nEND\n```\n\nEND',
    '==c1::hi== $x{1}$ `{code}`',
    '',
  ),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
)
const noteFile = fc.array(grammarLine, { maxLength: 40 }).map((lines) => lines.join('\n'))

const regexSettings = parseSettings(
  JSON.stringify({
    settings: {
      CUSTOM_REGEXPS: {
        Basic: '^(.*[^\\n:]{1}):{2}([^\\n:]{1}.*)',
        Cloze: '((?:.+\\n)*(?:.*{.*)(?:\\n(?:^.{1,3}$|^.{4}(?<!<!--).*))*)',
      },
      Defaults: {
        CurlyCloze: true,
        'CurlyCloze - Highlights to Clozes': true,
        'Add Obsidian Tags': true,
        'Add Context': true,
      },
    },
  }),
  'data.json',
).settings
const settingsChoices = [defaultSettings(), regexSettings]

function parseAndResolve(text: string, settingsIndex: number) {
  const settings = settingsChoices[settingsIndex]!
  const parsed = parseNoteFile(text, { file: 'f.md', settings })
  const resolved = resolveNotes(parsed, {
    file: 'f.md',
    absolutePath: '/v/f.md',
    vaultRoot: '/v',
    vaultPath: 'f.md',
    settings,
  })
  return { parsed, resolved }
}

function assertPositionsInside(text: string, settingsIndex: number) {
  const { parsed, resolved } = parseAndResolve(text, settingsIndex)
  const lines = text.split('\n')
  for (const diagnostic of parsed.diagnostics) {
    expect(diagnostic.line).toBeGreaterThanOrEqual(1)
    expect(diagnostic.line).toBeLessThanOrEqual(lines.length)
    expect(diagnostic.column).toBeGreaterThanOrEqual(1)
    expect(diagnostic.column).toBeLessThanOrEqual((lines[diagnostic.line - 1]?.length ?? 0) + 1)
  }
  for (const block of parsed.blocks) {
    expect(block.idInsertOffset).toBeGreaterThanOrEqual(0)
    expect(block.idInsertOffset).toBeLessThanOrEqual(text.length)
    expect(block.span.start.offset).toBeLessThanOrEqual(block.span.end.offset)
  }
  expect(resolved.notes).toHaveLength(parsed.blocks.length)
}

/** A block without its offsets (which differ between LF and CRLF by design). */
function shape(block: NoteBlock) {
  return {
    kind: block.kind,
    noteType: block.noteType,
    fields: block.fields,
    tags: block.tags,
    id: block.id,
    labs: block.labs,
    start: [block.span.start.line, block.span.start.column],
    end: block.span.end.line,
  }
}

describe('parser properties', () => {
  it('never throws and keeps every position inside the file', () => {
    fc.assert(
      fc.property(noteFile, fc.integer({ min: 0, max: 1 }), (text, settingsIndex) => {
        assertPositionsInside(text, settingsIndex)
      }),
      { numRuns: 400 },
    )
  })

  it('never throws on mutated fixture files', () => {
    const root = join(import.meta.dirname, '../fixtures/notes')
    const inputs = readdirSync(root).map((name) =>
      readFileSync(join(root, name, 'input.md'), 'utf8'),
    )
    const mutation = fc.record({
      input: fc.integer({ min: 0, max: inputs.length - 1 }),
      at: fc.nat(),
      remove: fc.integer({ min: 0, max: 8 }),
      insert: fc.oneof(
        fc.string({ maxLength: 8 }),
        grammarLine.map((line) => `\n${line}\n`),
      ),
      settingsIndex: fc.integer({ min: 0, max: 1 }),
    })
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        let text = inputs[mutations[0]!.input]!
        for (const { at, remove, insert } of mutations) {
          const position = text.length === 0 ? 0 : at % text.length
          text = text.slice(0, position) + insert + text.slice(position + remove)
        }
        assertPositionsInside(text, mutations[0]!.settingsIndex)
      }),
      { numRuns: 300 },
    )
  })

  it('gives the same notes and diagnostics for LF and CRLF', () => {
    fc.assert(
      fc.property(noteFile, fc.integer({ min: 0, max: 1 }), (text, settingsIndex) => {
        // Lone CRs are not line endings in this grammar; keep them out of the comparison.
        const lf = text.replace(/\r/g, '')
        const crlf = lf.replace(/\n/g, '\r\n')
        const a = parseAndResolve(lf, settingsIndex)
        const b = parseAndResolve(crlf, settingsIndex)
        expect(b.parsed.blocks.map(shape)).toEqual(a.parsed.blocks.map(shape))
        expect(b.resolved.notes.map((note) => [note.fields, note.tags, note.deck])).toEqual(
          a.resolved.notes.map((note) => [note.fields, note.tags, note.deck]),
        )
        const key = (d: { line: number; column: number; code: string }) =>
          `${d.line}:${d.column} ${d.code}`
        expect(b.parsed.diagnostics.map(key)).toEqual(a.parsed.diagnostics.map(key))
        // Every CRLF insert offset sits where the LF one does, shifted by the CRs before it.
        for (const [index, block] of b.parsed.blocks.entries()) {
          const lfOffset = a.parsed.blocks[index]!.idInsertOffset
          const crs = lf.slice(0, lfOffset).split('\n').length - 1
          expect(block.idInsertOffset).toBe(lfOffset + crs)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('re-reads every note with its id after IDs are written at the insert offsets (LF and CRLF)', () => {
    fc.assert(
      fc.property(noteFile, fc.boolean(), (raw, useCrlf) => {
        // DELETE before a freshly written ID deletes the note, as in the plugin.
        fc.pre(!raw.includes('DELETE'))
        const lf = raw.replace(/\r/g, '')
        const text = useCrlf ? lf.replace(/\n/g, '\r\n') : lf
        const eol = useCrlf ? '\r\n' : '\n'
        const before = parseNoteFile(text, { file: 'f.md' }).blocks
        let written = text
        let nextId = 1_800_000_000_000
        const expected = before.map((block) => block.id ?? nextId++)
        const inserts = before
          .map((block, index) => ({ block, id: expected[index]! }))
          .filter(({ block }) => block.id === null)
          .sort((a, b) => b.block.idInsertOffset - a.block.idInsertOffset)
        for (const { block, id } of inserts) {
          const line = block.kind === 'inline' ? `<!--ID: ${id}--> ` : `<!--ID: ${id}-->${eol}`
          written =
            written.slice(0, block.idInsertOffset) + line + written.slice(block.idInsertOffset)
        }
        const after = parseNoteFile(written, { file: 'f.md' }).blocks
        expect(after.map((block) => block.id)).toEqual(expected)
        expect(after.map((block) => block.fields)).toEqual(before.map((block) => block.fields))
      }),
      { numRuns: 400 },
    )
  })
})
