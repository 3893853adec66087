// The parser says where each note's ID is written (`idSpan`), so no later
// step searches the text for it: block, inline and regex notes, LF and CRLF.
import { describe, expect, it } from 'vitest'
import type { NoteBlock } from '../../src/model/note.js'
import { parseNoteFile } from '../../src/notes/parse-note-file.js'
import { defaultSettings, parseSettings } from '../../src/notes/settings.js'

const crlf = (text: string) => text.replace(/\n/g, '\r\n')

/** The text an ID span covers, and where it starts. */
function written(text: string, note: NoteBlock | undefined) {
  const span = note?.idSpan
  if (!span) return undefined
  return {
    text: text.slice(span.start.offset, span.end.offset),
    line: span.start.line,
    column: span.start.column,
  }
}

describe('the ID span of a note', () => {
  it('covers the ID line of a block, without its indent (LF and CRLF)', () => {
    for (const text of [
      '# T\n\nSTART\nBasic\nQ\nBack: A\n  <!--ID: 1700000000001-->\nEND\n',
      crlf('# T\n\nSTART\nBasic\nQ\nBack: A\n  <!--ID: 1700000000001-->\nEND\n'),
    ]) {
      const [note] = parseNoteFile(text, { file: 'n.md', settings: defaultSettings() }).blocks
      expect(written(text, note)).toEqual({ text: '<!--ID: 1700000000001-->', line: 7, column: 3 })
    }
  })

  it('covers an ID before `Tags:`, and a misplaced one the block still takes', () => {
    const text =
      'START\nBasic\nQ\nID: 5\nBack: A\nEND\n\nSTART\nBasic\nR\n<!--ID: 6-->\nTags: t\nEND\n'
    const { blocks } = parseNoteFile(text, { file: 'n.md', settings: defaultSettings() })
    expect(blocks.map((block) => written(text, block))).toEqual([
      { text: 'ID: 5', line: 4, column: 1 },
      { text: '<!--ID: 6-->', line: 11, column: 1 },
    ])
  })

  it('covers the ID of an inline note', () => {
    const text = 'Text STARTI [Basic] Q Back: A <!--ID: 1700000000002--> ENDI more\n'
    const [note] = parseNoteFile(text, { file: 'n.md', settings: defaultSettings() }).blocks
    expect(written(text, note)).toEqual({ text: '<!--ID: 1700000000002-->', line: 1, column: 31 })
  })

  it('covers the ID line after a regex note (CRLF)', () => {
    const settings = parseSettings(
      JSON.stringify({
        settings: { CUSTOM_REGEXPS: { Basic: '^(.*[^\\n:]{1}):{2}([^\\n:]{1}.*)' } },
      }),
      'data.json',
    ).settings
    const text = crlf('x\nq::a\n<!--ID: 77-->\n')
    const [note] = parseNoteFile(text, { file: 'n.md', settings }).blocks
    expect(written(text, note)).toEqual({ text: '<!--ID: 77-->', line: 3, column: 1 })
  })

  it('is absent while a note has no ID', () => {
    const [note] = parseNoteFile('START\nBasic\nQ\nEND\n', {
      file: 'n.md',
      settings: defaultSettings(),
    }).blocks
    expect(note?.idSpan).toBeUndefined()
  })
})
