/**
 * How a note and its cards are keyed wherever decklab keeps or shows them
 * (quiz progress, the preview page). A note with an ID is keyed by its GUID,
 * so editing its text keeps its key. A note without an ID yet (a quiz,
 * preview or check before `decklab build` writes one) is keyed by its
 * content: a hash of its note type and fields. That key is stable while the
 * note is unchanged wherever it moves in the vault; editing the note before
 * it gets its ID gives it a new key. Two or more notes with the same type
 * and fields are told apart by their order among the notes read: the first
 * has the plain key, the second the key with `~2`, and so on, so each copy
 * is a card of its own, and a key held before copies were told apart stays
 * with the first.
 */
import { createHash } from 'node:crypto'
import { fieldsWithAdditions, fieldWithAdditions, type Note } from './note.js'

/** The prefix of a content key, so it never reads as a GUID. */
export const contentKeyPrefix = 'content:'

type NoteContent = Pick<Note, 'noteType' | 'fields' | 'additions' | 'contentCopy'>

/**
 * `content:<20 hex digits>`, and `~N` for the N-th copy (`contentCopy`): the
 * key of a note while it has no ID.
 */
export function noteContentKey(note: NoteContent): string {
  const key = plainContentKey(note)
  return note.contentCopy === undefined ? key : `${key}~${note.contentCopy}`
}

/** The content key of the note's type and fields alone, whichever copy it is. */
function plainContentKey(note: Pick<Note, 'noteType' | 'fields' | 'additions'>): string {
  // A field's additions joined on, as its Markdown held them before they were kept apart: the keys stay.
  const digest = createHash('sha256')
    .update(JSON.stringify([note.noteType, fieldsWithAdditions(note)]))
    .digest('hex')
  return `${contentKeyPrefix}${digest.slice(0, 20)}`
}

/** Whether two notes have the same type and fields (whichever copies they are). */
export function haveSameContent(
  left: Pick<Note, 'noteType' | 'fields' | 'additions'>,
  right: Pick<Note, 'noteType' | 'fields' | 'additions'>,
): boolean {
  return plainContentKey(left) === plainContentKey(right)
}

/**
 * Number the copies among `notes`, in their order (the order a load reads
 * them: files by path, notes as written): a note with the same type and
 * fields as an earlier one gets `contentCopy` 2, 3, …; every other note has
 * none. Notes with an ID count too, so a copy keeps its number when an
 * earlier one gets its ID. Only notes whose first field matches another's
 * are hashed.
 */
export function markContentCopies(notes: readonly Note[]): void {
  // By first field alone (the string the note holds, with its hash cached): no new string per note.
  const byFirstField = new Map<string, Note | Note[]>()
  for (const note of notes) {
    if (note.contentCopy !== undefined) note.contentCopy = undefined
    const first = firstField(note)
    const alike = byFirstField.get(first)
    if (alike === undefined) byFirstField.set(first, note)
    else if (Array.isArray(alike)) alike.push(note)
    else byFirstField.set(first, [alike, note])
  }
  for (const alike of byFirstField.values()) {
    if (!Array.isArray(alike)) continue
    const seen = new Map<string, number>()
    for (const note of alike) {
      const key = plainContentKey(note)
      const count = (seen.get(key) ?? 0) + 1
      seen.set(key, count)
      if (count > 1) note.contentCopy = count
    }
  }
}

/** The value of a note's first field, its additions joined on ('' without fields). */
function firstField(note: Note): string {
  for (const name in note.fields) return fieldWithAdditions(note, name)
  return ''
}

/** A note's key: its GUID, else its content key. */
export function noteKey(note: Pick<Note, 'guid'> & NoteContent): string {
  return note.guid ?? noteContentKey(note)
}

/** `<note key>/<ord>`: a card's key (GUIDs may contain `/`, ords never do). */
export function cardKey(noteKey: string, ord: number): string {
  return `${noteKey}/${ord}`
}
