/**
 * The content hash of a rendered note: what Anki gets of it (note type,
 * field HTML, tags, deck) and the bytes of the media it uses. `build` moves a
 * note's `mod` when it changes; `sync` writes to Anki when it changes.
 */
import { createHash } from 'node:crypto'

export function renderedNoteHash(
  note: { noteType: string; tags: readonly string[]; deck: string },
  fields: Readonly<Record<string, string>>,
  media: ReadonlyArray<{ name: string }>,
  mediaHashes: ReadonlyMap<string, string>,
): string {
  const hash = createHash('sha256')
  const parts = [
    note.noteType,
    JSON.stringify(fields),
    note.tags.join(' '),
    note.deck,
    ...media.map((file) => `${file.name}:${mediaHashes.get(file.name) ?? ''}`),
  ]
  for (const part of parts) hash.update(part).update('\0')
  return hash.digest('hex')
}
