// A `DELETE` marker's ID is read in every spelling the parser takes: the
// parser warns about the marker whenever its next line is an ID line, and
// sync reads the ID there to delete the note.
import { describe, expect, it } from 'vitest'
import { deleteMarkers } from '../../src/commands/build/delete-markers.js'
import { parseNoteFile } from '../../src/notes/parse-note-file.js'
import { defaultSettings } from '../../src/notes/settings.js'

describe('deleteMarkers', () => {
  it.each(['<!--ID: 1700000000000-->', '<!--ID:1700000000000-->', 'ID:1700000000000'])(
    'reads the ID after DELETE written %j',
    (written) => {
      const text = `x\n\nDELETE\n${written}\n`
      const { diagnostics } = parseNoteFile(text, { file: 'a.md', settings: defaultSettings() })
      const files = [{ file: 'a.md', absolutePath: '/v/a.md', text, bom: false }]
      const { markers, rest } = deleteMarkers(diagnostics, files)
      expect(markers).toEqual([{ id: 1700000000000, file: 'a.md', line: 3, standalone: true }])
      expect(rest).toEqual([])
    },
  )

  it('tells a marker inside a block, whose lines a sync leaves, from one in its place', () => {
    const text = 'START\nBasic\nQ\nBack: A\nDELETE\n<!--ID: 1700000000000-->\nEND\n'
    const { diagnostics } = parseNoteFile(text, { file: 'a.md', settings: defaultSettings() })
    const files = [{ file: 'a.md', absolutePath: '/v/a.md', text, bom: false }]
    expect(deleteMarkers(diagnostics, files).markers).toEqual([
      { id: 1700000000000, file: 'a.md', line: 5, standalone: false },
    ])
  })
})
