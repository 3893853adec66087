/**
 * One `<!--ID: n-->` in two notes (a block copied with its ID line, then
 * maybe edited into another question): `decklab check` reports it, and the
 * quiz shows one of the notes under that ID. Which one: the note the ID's
 * progress was answered with, as the state's note index last saw it (its
 * content, else its file), not the first one read, so a copy in an earlier
 * file never takes the other's schedule (nor gets its answers saved there).
 */
import type { Note } from '../model/note.js'
import { noteContentKey } from '../model/note-key.js'

/** What the note index knows of the note last answered under a GUID (store.ts, `location`). */
export type LastSeenNote = (
  guid: string,
) => { file: string; content?: string | undefined } | undefined

/**
 * The notes whose ID another note read holds the progress of, left out of
 * the quiz; none when no ID is in two notes or the index knows none of them
 * (the first one read is then quizzed, as before any answer).
 */
export function sharedIdLeftOut(notes: readonly Note[], lastSeen?: LastSeenNote): Set<Note> {
  const leftOut = new Set<Note>()
  if (lastSeen === undefined) return leftOut
  const byId = new Map<number, Note[]>()
  let shared = false
  for (const note of notes) {
    if (note.id === null || note.guid === null) continue
    const group = byId.get(note.id)
    if (group === undefined) byId.set(note.id, [note])
    else {
      group.push(note)
      shared = true
    }
  }
  if (!shared) return leftOut
  for (const group of byId.values()) {
    if (group.length < 2) continue
    const holder = progressHolder(group, lastSeen)
    if (holder === undefined) continue
    for (const note of group) if (note !== holder) leftOut.add(note)
  }
  return leftOut
}

/**
 * The note of `group` (one ID) last answered under it: the one with the
 * content it was answered with (the file breaking a tie: an unedited copy),
 * else the one in its file (edited since); undefined when that cannot be told.
 */
function progressHolder(group: readonly Note[], lastSeen: LastSeenNote): Note | undefined {
  const seen = lastSeen(group[0]!.guid!)
  if (seen === undefined) return undefined
  const inFile = (notes: readonly Note[]) =>
    notes.filter((note) => note.source.absolutePath === seen.file)
  // Whichever copy it is: an unedited copy read first takes the plain key from the note.
  const plain = (key: string) => key.replace(/~\d+$/, '')
  const content = seen.content === undefined ? undefined : plain(seen.content)
  const sameContent = group.filter((note) => plain(noteContentKey(note)) === content)
  if (sameContent.length === 1) return sameContent[0]
  if (sameContent.length > 1) return inFile(sameContent)[0] ?? sameContent[0]
  const fileNotes = inFile(group)
  return fileNotes.length === 1 ? fileNotes[0] : undefined
}
