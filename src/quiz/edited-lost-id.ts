/**
 * A note that lost its ID line and was edited too has a content key no
 * answer was saved under, so `Store.lostId` does not know it: it was quizzed
 * as new, its answers kept under that key, while `build` gave it its ID back
 * (by its file, note type and first field) and went on with the ID's older
 * progress. The quiz knows it by `build`'s rule (model/lost-id.ts) over its
 * note index, which keeps each note's file, type and first field at its last
 * answer: the only note without an ID of its file with the type and first
 * field of a note last answered there, whose ID no note read has.
 */
import { cachedFirstFieldKey } from '../model/first-field-key.js'
import { pairLostIds } from '../model/lost-id.js'
import type { Note } from '../model/note.js'
import { noteContentKey } from '../model/note-key.js'
import type { NoteLocation } from './cards-file.js'

/** What the rule reads of a note without an ID. */
export type LackingNote = Pick<Note, 'noteType' | 'fields' | 'additions' | 'contentCopy'> & {
  source: { absolutePath: string }
}

/** A note of the index whose ID no note read has, as a note may take it back. */
interface AnsweredNote {
  id: number
  file: string
  type: string
  first: string
}

/**
 * The IDs the notes in `lacking` (the notes without an ID) had, by the rule
 * above. `taken`: the IDs the notes read have. `holds`: whether progress is
 * kept under a note key (a GUID, or a content key). A note whose content
 * key holds progress keeps it (answered so before this rule), as
 * `Store.lostId` leaves it.
 */
export function editedLostIds<N extends LackingNote>(
  locations: ReadonlyMap<string, NoteLocation>,
  lacking: readonly N[],
  taken: ReadonlySet<number>,
  holds: (key: string) => boolean,
): Map<N, number> {
  const found = new Map<N, number>()
  if (lacking.length === 0) return found
  const files = new Set(lacking.map((note) => note.source.absolutePath))
  const answered: AnsweredNote[] = []
  for (const [guid, { id, file, type, first }] of locations) {
    if (type === undefined || first === undefined || !files.has(file)) continue
    if (!taken.has(id) && holds(guid)) answered.push({ id, file, type, first })
  }
  if (answered.length === 0) return found
  const headOf = cachedFirstFieldKey<N>()
  const pairs = pairLostIds(lacking, answered, {
    noteKey: (note) => `${note.source.absolutePath}\0${note.noteType}\0${headOf(note)}`,
    goneKey: (entry) => `${entry.file}\0${entry.type}\0${entry.first}`,
    sameTypeAndFirstField: (note, entry) =>
      note.noteType === entry.type && headOf(note) === entry.first,
    mayTake: (note) => !holds(noteContentKey(note)),
  })
  for (const { note, gone } of pairs) found.set(note, gone.id)
  return found
}
