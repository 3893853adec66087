/**
 * The renderer for a known set of notes, loading only what they need: the
 * HTML check (parse5 and the hast sanitizer) when a note can need it, and,
 * for finding problems only, markdown-it and highlight.js when a note can
 * have one.
 */
import type { Note } from '../model/note.js'
import { clozeMayBeEmptyInAnki2115, clozeMayBeHidden } from './card-ords-scan.js'
import { noteMayNeedHtmlCheck } from './html-check-scan.js'
import type { RenderedNote } from './note-renderer.js'

/** A renderer for `notes` (and only those: a note needing the HTML check it did not load throws). */
export async function loadRenderer(notes: readonly Note[]): Promise<(note: Note) => RenderedNote> {
  const [{ createNoteRenderer }, check] = await Promise.all([
    import('./note-renderer.js'),
    notes.some(noteMayNeedHtmlCheck) ? import('./html-check.js') : undefined,
  ])
  return createNoteRenderer(check)
}

/**
 * Whether rendering `note` may find a problem or media: the notes `check`
 * renders. The others render with neither (a property test holds it to that).
 */
export function noteMayHaveRenderProblem(note: Note): boolean {
  return noteMayNeedHtmlCheck(note) || clozeMayBeHidden(note) || clozeMayBeEmptyInAnki2115(note)
}

/**
 * For `decklab check`: the problems and media of each of `notes` exactly as
 * `loadRenderer` would find them, rendering only the notes that can have
 * any; the fields of the others are left out (empty).
 */
export async function loadProblemRenderer(
  notes: readonly Note[],
): Promise<(note: Note) => RenderedNote> {
  const rendered = new Set(notes.filter(noteMayHaveRenderProblem))
  const renderNote = rendered.size > 0 ? await loadRenderer([...rendered]) : undefined
  return (note) =>
    renderNote !== undefined && rendered.has(note)
      ? renderNote(note)
      : { fields: {}, media: [], lookups: [], diagnostics: [] }
}
