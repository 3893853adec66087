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
  /** The type Anki gets it as, when not `noteType` (a localized Anki's `Basique`, read as `Basic`). */
  noteType: string = note.noteType,
): string {
  // Each part ended by NUL, as always; one template string, no array of parts per note.
  let text = `${noteType}\0${JSON.stringify(fields)}\0${note.tags.join(' ')}\0${note.deck}\0`
  for (const file of media) text += `${file.name}:${mediaHashes.get(file.name) ?? ''}\0`
  return hash('sha256', text)
}
