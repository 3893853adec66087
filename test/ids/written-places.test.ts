import { describe, expect, it } from 'vitest'
import { insertIds } from '../../src/ids/insert.js'
import type { FileIdEdit } from '../../src/ids/plan.js'
import { pointsAsWritten } from '../../src/ids/written-places.js'
import type { NoteKind } from '../../src/model/note.js'

/** The edit inserting one ID of `kind` before the first `at` in `text`. */
function edit(text: string, at: string, kind: NoteKind, eol = '\n'): FileIdEdit {
  const insertions = [{ offset: text.indexOf(at), id: 1700000000001, kind }]
  return {
    source: { file: 'a.md', absolutePath: '/v/a.md', vaultRoot: '/v', text, bom: false, eol },
    insertions,
    text: insertIds(text, insertions, eol),
  }
}

describe('pointsAsWritten', () => {
  it('moves the lines below a DELETE marker a sync took out up by its two lines', () => {
    const text = 'a\n\nDELETE\n<!--ID: 1-->\n\nafter\n'
    const removals = [{ offset: text.indexOf('DELETE'), length: 'DELETE\n<!--ID: 1-->\n'.length }]
    const move = pointsAsWritten({
      source: { file: 'a.md', absolutePath: '/v/a.md', vaultRoot: '/v', text, bom: false },
      insertions: [],
      removals,
      text: 'a\n\n\nafter\n',
    })
    expect(move({ line: 1, column: 1 })).toEqual({ line: 1, column: 1 })
    expect(move({ line: 3, column: 1 })).toEqual({ line: 3, column: 1 })
    expect(move({ line: 4, column: 3 })).toEqual({ line: 3, column: 1 })
    expect(move({ line: 6, column: 2 })).toEqual({ line: 4, column: 2 })
  })

  it('moves the lines from a block’s END down by the ID line, and nothing above it', () => {
    const move = pointsAsWritten(edit('START\nBasic\nQ\nEND\nafter\n', 'END', 'block'))
    expect(move({ line: 1, column: 1 })).toEqual({ line: 1, column: 1 })
    expect(move({ line: 3, column: 2 })).toEqual({ line: 3, column: 2 })
    // The END line and its end (the note's end) move: the ID is inside the note.
    expect(move({ line: 4, column: 1 })).toEqual({ line: 5, column: 1 })
    expect(move({ line: 4, column: 4 })).toEqual({ line: 5, column: 4 })
    expect(move({ line: 5, column: 3 })).toEqual({ line: 6, column: 3 })
  })

  it('moves the rest of an inline note’s line right by the ID', () => {
    const text = 'x STARTI [Basic] Q Back: A ENDI y\nnext\n'
    const move = pointsAsWritten(edit(text, 'ENDI', 'inline'))
    const endi = text.indexOf('ENDI') + 1
    expect(move({ line: 1, column: 3 })).toEqual({ line: 1, column: 3 })
    expect(move({ line: 1, column: endi + 4 })).toEqual({
      line: 1,
      column: endi + 4 + '<!--ID: 1700000000001--> '.length,
    })
    expect(move({ line: 2, column: 1 })).toEqual({ line: 2, column: 1 })
  })

  it('takes a regex note’s end past the ID line added after the match, in a CRLF file', () => {
    const text = '## Q\r\nAnswer\r\n\r\nafter\r\n'
    const match = edit(text, '\r\n\r\n', 'regex', '\r\n')
    expect(match.text).toBe('## Q\r\nAnswer\r\n<!--ID: 1700000000001-->\r\n\r\nafter\r\n')
    const move = pointsAsWritten(match)
    expect(move({ line: 2, column: 7 })).toEqual({ line: 3, column: 25 })
    expect(move({ line: 4, column: 1 })).toEqual({ line: 5, column: 1 })
  })
})
