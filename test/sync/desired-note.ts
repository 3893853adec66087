/** Notes as the sync planner sees them, for the tests of the pure sync stage. */
import type { Note } from '../../src/model/note.js'
import type { DesiredNote } from '../../src/sync/plan.js'

export function makeNote(id: number | null, file = '/v/a.md', idInsertOffset = 0): Note {
  return {
    id,
    guid: null,
    noteType: 'Basic',
    fields: { Front: 'Q', Back: 'A' },
    tags: [],
    deck: 'D',
    labs: [],
    kind: 'block',
    source: {
      file: 'a.md',
      absolutePath: file,
      vaultRoot: '/v',
      line: 1,
      column: 1,
      idInsertOffset,
    },
  }
}

export function desired(id: number | null, hash = 'h', file = '/v/a.md'): DesiredNote {
  return {
    note: makeNote(id, file),
    id,
    fields: { Front: 'Q', Back: 'A' },
    tags: ['t'],
    deck: 'D',
    media: [],
    hash,
  }
}
