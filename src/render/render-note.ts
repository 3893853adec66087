/**
 * The renderer with every part loaded up front (the preview page, tests):
 * `renderNote` renders any note. The build's pipelines use
 * `load-renderer.ts`, which loads the HTML check only when a note needs it.
 */
import { checkHtml, checkMath } from './html-check.js'
import { createNoteRenderer } from './note-renderer.js'

export { labFieldName } from '../model/note-types.js'
export { renderCss } from './css.js'
export type { MediaFile } from './media.js'
export type { RenderedNote } from './note-renderer.js'

/**
 * Render a note's Markdown fields to Anki HTML, collecting the media to
 * package and the problems found; reads nothing but the media paths' metadata.
 */
export const renderNote = createNoteRenderer({ checkHtml, checkMath })
