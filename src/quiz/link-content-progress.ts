/**
 * Once `build` or `sync` has written IDs into notes that had none: record
 * which ID each got, for the notes whose quiz progress is kept under their
 * content (see content-links.ts), so an edit afterwards keeps it.
 */
import type { Note } from '../model/note.js'
import { noteContentKey } from '../model/note-key.js'
import { appendContentLinks } from './content-links.js'
import { contentKeysWithProgress } from './store.js'

/**
 * Link these newly written IDs; throws `DamagedStateError` or
 * `StateNotWritableError`. `held` (the content keys holding progress, read
 * from the state when not given) loses the keys linked: a caller linking
 * batch after batch reads the state once.
 */
export function linkContentProgress(
  directory: string,
  written: ReadonlyArray<{ note: Pick<Note, 'noteType' | 'fields'>; id: number }>,
  time: Date,
  held: Set<string> = contentKeysWithProgress(directory),
): number {
  if (written.length === 0 || held.size === 0) return 0
  const links = written.flatMap(({ note, id }) => {
    const content = noteContentKey(note)
    if (!held.has(content)) return []
    held.delete(content)
    return [{ content, id }]
  })
  appendContentLinks(directory, links, time)
  return links.length
}
