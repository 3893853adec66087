/**
 * The content hash of a rendered note: what Anki gets of it (note type,
 * field HTML, tags, deck) and the bytes of the media it uses. `build` moves a
 * note's `mod` when it changes; `sync` writes to Anki when it changes.
 */
import { hash } from 'node:crypto'

export function renderedNoteHash(
  note: { noteType: string; tags: readonly string[]; deck: string },
  fields: Readonly<Record<string, string>>,
  media: ReadonlyArray<{ name: string }>,
  mediaHashes: ReadonlyMap<string, string>,
): string {
  const parts = [
    note.noteType,
    JSON.stringify(fields),
    note.tags.join(' '),
    note.deck,
    ...media.map((file) => `${file.name}:${mediaHashes.get(file.name) ?? ''}`),
  ]
  // One call on the joined parts (each ended by NUL, as before): a Hash object per note cost more than the digest.
  return hash('sha256', `${parts.join('\0')}\0`)
}
