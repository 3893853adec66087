/**
 * How a note and its cards are keyed wherever decklab keeps or shows them
 * (quiz progress, the preview page). A note with an ID is keyed by its GUID,
 * so editing its text keeps its key. A note without an ID yet (a quiz,
 * preview or check before `decklab build` writes one) is keyed by its
 * content: a hash of its note type and fields. That key is stable while the
 * note is unchanged wherever it moves in the vault; editing the note before
 * it gets its ID gives it a new key, and two notes with the same type and
 * fields share one.
 */
import { createHash } from 'node:crypto'
import { fieldsWithAdditions, type Note } from './note.js'

/** The prefix of a content key, so it never reads as a GUID. */
export const contentKeyPrefix = 'content:'

/** `content:<20 hex digits>`: the key of a note while it has no ID. */
export function noteContentKey(note: Pick<Note, 'noteType' | 'fields' | 'additions'>): string {
  // A field's additions joined on, as its Markdown held them before they were kept apart: the keys stay.
  const digest = createHash('sha256')
    .update(JSON.stringify([note.noteType, fieldsWithAdditions(note)]))
    .digest('hex')
  return `${contentKeyPrefix}${digest.slice(0, 20)}`
}

/** A note's key: its GUID, else its content key. */
export function noteKey(note: Pick<Note, 'guid' | 'noteType' | 'fields' | 'additions'>): string {
  return note.guid ?? noteContentKey(note)
}

/** `<note key>/<ord>`: a card's key (GUIDs may contain `/`, ords never do). */
export function cardKey(noteKey: string, ord: number): string {
  return `${noteKey}/${ord}`
}
