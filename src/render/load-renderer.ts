/**
 * The renderer for a known set of notes, loading only what they need: the
 * HTML check (parse5 and the hast sanitizer) when a note can need it.
 */
import type { Note } from '../model/note.js'
import { noteMayNeedHtmlCheck } from './html-check-scan.js'
import type { RenderedNote } from './note-renderer.js'

/** A renderer for `notes` (and only those: a note needing the HTML check it did not load throws). */
export async function loadRenderer(notes: readonly Note[]): Promise<(note: Note) => RenderedNote> {
  const [{ createNoteRenderer }, check] = await Promise.all([
    import('./note-renderer.js'),
    notes.some(noteMayNeedHtmlCheck) ? import('./html-check.js') : undefined,
  ])
  const renderNote = createNoteRenderer(check?.checkHtml)
  return (note) => renderNote(note)
}
