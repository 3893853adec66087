/**
 * A note's identity, computed once. A note whose text has an `<!--ID: N-->`
 * gets its GUID when it is resolved (`noteIdentity`); ID allocation gives
 * the others an ID and its GUID (`identifyNote`). Every stage after that
 * reads `note.id` and `note.guid` and never derives them again.
 */
import { guidForNoteId } from './guid.js'
import type { Note } from './note.js'

/** A note with its Anki note id and the GUID derived from it: what every note is after ID allocation. */
export type IdentifiedNote = Note & { id: number; guid: string }

/** The identity an ID gives: the ID and its GUID, or neither while the note has no ID. */
export function noteIdentity(id: number | null): { id: number | null; guid: string | null } {
  return { id, guid: id === null ? null : guidForNoteId(id) }
}

/** The note with `id` (a newly allocated one) and its GUID. */
export function identifyNote<N extends Note>(note: N, id: number): N & IdentifiedNote {
  return { ...note, id, guid: guidForNoteId(id) }
}

export function isIdentified(note: Note): note is IdentifiedNote {
  return note.id !== null && note.guid !== null
}
