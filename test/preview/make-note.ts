/** Hand-built notes for preview tests. */
import { withGuid } from '../../src/model/identity.js'
import type { LabLink, Note } from '../../src/model/note.js'

export function makeNote(
  noteType: string,
  fields: Record<string, string>,
  options: {
    id?: number | null
    tags?: string[]
    deck?: string
    labs?: LabLink[]
    file?: string
    line?: number
  } = {},
): Note {
  const id = options.id === undefined ? 1700000000000 : options.id
  return withGuid({
    id,
    noteType,
    fields,
    tags: options.tags ?? [],
    deck: options.deck ?? 'Default',
    labs: options.labs ?? [],
    kind: 'block',
    source: {
      file: options.file ?? 'notes/cards.md',
      absolutePath: '/nonexistent/notes/cards.md',
      vaultRoot: '/nonexistent',
      line: options.line ?? 1,
      column: 1,
      idInsertOffset: 0,
    },
  })
}
