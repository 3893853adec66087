/**
 * Fields to HTML: the one renderer behind the .apkg and the preview page.
 */
import { relative } from 'node:path'
import type MarkdownIt from 'markdown-it'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { createNoteReporter } from '../diagnostics/reporter.js'
import type { Note } from '../model/note.js'
import { findNoteType, labFieldName } from '../model/note-types.js'
import { labFooterHtml } from './lab-footer.js'
import { createMarkdown } from './markdown.js'
import type { MediaFile } from './media.js'
import type { RenderEnvironment } from './render-environment.js'
import { sanitizeHtml } from './sanitize.js'
import { disarmClozes, unsafeClozeExpansions } from './sanitize-cloze.js'

export { labFieldName } from '../model/note-types.js'
export { renderCss } from './css.js'
export type { MediaFile } from './media.js'

export interface RenderOptions {
  /** Render wikilinks as `obsidian://open?vault=…&file=…` links instead of plain text. */
  obsidianLinks?: { vault: string } | undefined
}

export interface RenderedNote {
  /**
   * Field name → HTML, same keys and order as `note.fields`, plus `Lab` (the
   * lab footer) last when the note links labs.
   */
  fields: Record<string, string>
  /** Media to package, sorted by name, each once. */
  media: MediaFile[]
  diagnostics: Diagnostic[]
}

let markdown: MarkdownIt | undefined

/**
 * Render a note's Markdown fields to Anki HTML, collecting the media to
 * package and the problems found; reads nothing but the media paths' metadata.
 */
export function renderNote(note: Note, options: RenderOptions = {}): RenderedNote {
  markdown ??= createMarkdown()
  const noteType = findNoteType(note.noteType)
  const environment: RenderEnvironment = {
    origin: { absolutePath: note.source.absolutePath, vaultRoot: note.source.vaultRoot },
    vaultLabel: shownVaultRoot(note.source),
    obsidianVault: options.obsidianLinks?.vault,
    cloze: noteType?.kind === 'cloze' || note.noteType.includes('Cloze'),
    media: new Map(),
    problems: [],
  }
  const fields: Record<string, string> = {}
  for (const [name, text] of Object.entries(note.fields)) {
    fields[name] = renderMarkdown(markdown, text, environment)
  }
  const footer = labFooterHtml(note.labs)
  if (footer !== '') fields[labFieldName] = footer
  // The same broken embed written twice in a note is one problem to fix.
  const problems = new Map(
    environment.problems.map((problem) => [`${problem.code}\0${problem.message}`, problem]),
  )
  const diagnostics: Diagnostic[] = []
  const report = createNoteReporter(note, diagnostics)
  for (const { severity, code, message, hint } of problems.values()) {
    report[severity](code, message, { hint })
  }
  const media = [...environment.media.values()].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )
  return { fields, media, diagnostics }
}

/** Render one field's Markdown (a single paragraph is unwrapped from its `<p>`). */
function renderMarkdown(
  markdown: MarkdownIt,
  text: string,
  environment: RenderEnvironment,
): string {
  if (text.trim() === '') return ''
  const tokens = markdown.parse(text, environment)
  let html = markdown.renderer.render(tokens, markdown.options, environment).trim()
  const single =
    tokens.length === 3 &&
    tokens[0]!.type === 'paragraph_open' &&
    tokens[2]!.type === 'paragraph_close'
  if (single && html.startsWith('<p>') && html.endsWith('</p>')) html = html.slice(3, -4)
  // Raw HTML can only come from a `<` in the Markdown; everything else is escaped by the parser.
  // Without it, only a cloze or sound marker in an attribute (an image's alt, a link's title) needs work.
  if (!text.includes('<') && !markerInTag.test(html)) return html
  const sanitized = sanitizeHtml(html)
  if (sanitized.removed.length > 0) {
    environment.problems.push({
      severity: 'warning',
      code: 'unsafe-html-removed',
      message: `Unexpected ${sanitized.removed.join(', ')} in raw HTML, expected only HTML that cards allow (no script, no remote load); removed`,
      hint: 'Anki runs card HTML as a web page, so only allowlisted elements, attributes and URLs are kept (docs/sanitizer.md); write `\\<` or use `code` for a literal `<`',
    })
  }
  if (markerInAttribute.test(sanitized.html)) {
    environment.problems.push({
      severity: 'warning',
      code: 'marker-in-attribute',
      message:
        'Unexpected cloze or `[sound:…]` marker inside an HTML attribute, expected it in text; kept as text',
      hint: 'Anki expands these markers in the raw HTML, so inside a tag they would rewrite the tag; move the marker out of the attribute',
    })
  }
  if (!environment.cloze || !sanitized.html.includes('{{c')) return sanitized.html.trim()
  const unsafe = unsafeClozeExpansions(sanitized.html)
  if (unsafe.length === 0) return sanitized.html.trim()
  environment.problems.push({
    severity: 'error',
    code: 'unsafe-cloze-html',
    message: `Unexpected ${unsafe.join(', ')} after Anki's cloze expansion, expected clozes that only hide text; clozes written as text`,
    hint: 'Keep each {{cN::…}} around whole elements or text, never across a tag',
  })
  return disarmClozes(sanitized.html).trim()
}

/** A tag with a cloze or sound marker character inside (`>` in attribute values is always `&gt;` here). */
const markerInTag = /<[^<>]*(?:\{\{|\}\}|::|\[sound:)/
/** After serializing, markers in attributes are character references. */
const markerInAttribute = /="[^"]*(?:&#123;&#123;c\d|&#91;sound&#58;|&#91;sound:)/

/**
 * The vault root relative to where decklab runs (`source.file` is relative
 * to there), so a message names the folder as the user would type it.
 */
function shownVaultRoot(source: Note['source']): string {
  const suffix = `/${source.file}`
  if (source.file.startsWith('../') || !source.absolutePath.endsWith(suffix))
    return source.vaultRoot
  const shown = relative(source.absolutePath.slice(0, -suffix.length), source.vaultRoot)
  return shown === '' ? '.' : shown
}
