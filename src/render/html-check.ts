/**
 * The HTML check of a rendered field: the local images of its raw HTML
 * packaged, then its HTML through the allowlist, with a warning for what
 * was removed or for a marker left in an attribute, and a Cloze field's
 * expansions proved safe; and the math check (`math-check.ts`). It loads
 * parse5 and the hast sanitizer, so the renderer loads it only for fields
 * that can need it (`html-check-scan.ts`).
 */

import { disarmClozes } from './disarm-clozes.js'
import { packageHtmlImages } from './html-media.js'
import type { RawHtmlSpans } from './raw-html-spans.js'
import { remoteImageProblem } from './remote-image.js'
import type { RenderEnvironment } from './render-environment.js'
import { sanitizeHtml } from './sanitize.js'
import { unsafeClozeExpansions } from './sanitize-cloze.js'

export { checkMath } from './math-check.js'

/** The signature of `checkHtml`, for renderers that load it lazily. */
export type CheckHtml = (
  html: string,
  environment: RenderEnvironment,
  rawHtml: RawHtmlSpans,
) => string

/** After serializing, markers in attributes are character references. */
const markerInAttribute = /="[^"]*(?:&#123;&#123;c\d|&#91;sound&#58;|&#91;sound:)/

/**
 * What the first removal names, as the Markdown may write it: `<script` for
 * "`<script>` element", `onclick` for "`onclick` attribute on `<a>`", a
 * URL's shown start.
 */
function removedNeedle(description: string | undefined): string | undefined {
  const named = description?.match(/`([^`]+)`/)?.[1]
  if (named === undefined) return undefined
  if (named.startsWith('<') && named.endsWith('>')) return named.slice(0, -1)
  // A long URL is shown cut short.
  return named.split('…')[0]
}

/** A removed HTML player of sound or video (`describeRemoved`'s words for it). */
const mediaPlayer = /^`<(?:video|audio|source)>` element/

/**
 * The field's HTML as cards may hold it, recording a problem for what had to
 * change; `rawHtml` says where the note's own HTML is in it.
 */
export function checkHtml(
  html: string,
  environment: RenderEnvironment,
  rawHtml: RawHtmlSpans,
): string {
  const sanitized = sanitizeHtml(packageHtmlImages(html, rawHtml, environment))
  if (sanitized.removed.length > 0) {
    environment.problems.push({
      severity: 'warning',
      code: 'unsafe-html-removed',
      needle: removedNeedle(sanitized.removed[0]),
      message: `Unexpected ${sanitized.removed.join(', ')} in the card HTML, expected only HTML that cards allow (no script, no remote load, links only to http(s), mailto and obsidian://open); removed`,
      hint: sanitized.removed.some((what) => mediaPlayer.test(what))
        ? 'Anki plays sound and video from a `[sound:…]` tag, not from `<video>` or `<audio>`: embed the file (`![[clip.mp4]]`), and decklab packages it and writes the tag'
        : 'Anki runs card HTML as a web page, so only allowlisted elements, attributes and URLs are kept (docs/sanitizer.md); write `\\<` or use `code` for a literal `<`',
    })
  }
  for (const source of sanitized.remoteImages) environment.problems.push(remoteImageProblem(source))
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
