/**
 * A note's identity. A note whose text has an `<!--ID: N-->` gets its GUID
 * from that ID when it is resolved (`withGuid`); ID allocation gives the
 * others an ID and its GUID (`identifyNote`). The GUID is derived from the
 * ID on its first read and kept (`guidOfId`): `check` reads no GUID, so it
 * hashes none, and a build hashes each note's ID once however many stages
 * read `note.guid`.
 */
import { guidForNoteId } from './guid.js'
import type { Note } from './note.js'

/** A note with its Anki note id and the GUID derived from it: what every note is after ID allocation. */
export type IdentifiedNote = Note & { id: number; guid: string }

/** Every GUID derived in this process, by note id (about 1 MB for 10,000 notes, measured). */
const guids = new Map<number, string>()

/** The GUID of a note id, derived once per process. */
export function guidOfId(id: number): string {
  let guid = guids.get(id)
  if (guid === undefined) {
    guid = guidForNoteId(id)
    guids.set(id, guid)
  }
  return guid
}

/** One getter shared by every note (one hidden class for them all): the GUID of the note's own `id`. */
const guidProperty: PropertyDescriptor = {
  get(this: { id: number | null }): string | null {
    return this.id === null ? null : guidOfId(this.id)
  },
  enumerable: true,
  configurable: true,
}

/**
 * `note` (just made, with its `id`) given its `guid`: a getter, so the GUID
 * stays true to `id` and costs nothing until read. A spread copy gets its value.
 */
export function withGuid<T extends { id: number | null }>(
  note: T,
): T & { readonly guid: string | null } {
  return Object.defineProperty(note, 'guid', guidProperty) as T & { readonly guid: string | null }
}

/** The note with `id` (a newly allocated one) and its GUID. */
export function identifyNote<N extends Note>(note: N, id: number): N & IdentifiedNote {
  return { ...note, id, guid: guidOfId(id) }
}

/** Whether a note has its ID, and so its GUID (which only a note without an ID lacks). */
export function isIdentified(note: Note): note is IdentifiedNote {
  return note.id !== null
}
