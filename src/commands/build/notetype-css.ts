/**
 * The stylesheet every notetype carries, and the preview page links: the
 * card layout (src/anki/stylesheet.ts) plus the renderer's CSS for the HTML
 * it writes (code highlighting, marks, the lab footer). Composed here, where
 * stages meet, because neither stage may import the other.
 */
import { baseCss } from '../../anki/stylesheet.js'
import { renderCss } from '../../render/css.js'

export const notetypeCss: string = `${baseCss}${renderCss}`
