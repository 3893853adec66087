import { withGuid } from '../../src/model/identity.js'
import type { Note } from '../../src/model/note.js'

/** A resolved note for tests; fields and the rest can be overridden. */
export function makeNote(overrides: Partial<Note> & { id: number | null }): Note {
  return withGuid({
    noteType: 'Basic',
    fields: { Front: 'front', Back: 'back' },
    tags: [],
    deck: 'Default',
    labs: [],
    kind: 'block',
    source: {
      file: 'notes/test.md',
      absolutePath: '/vault/notes/test.md',
      vaultRoot: '/vault',
      line: 1,
      column: 1,
      idInsertOffset: 0,
    },
    ...overrides,
  })
}
