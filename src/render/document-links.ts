/**
 * Links to a document that runs script, on the card's own origin. A card's
 * relative link opens a file of the folder the card is served from: Anki's
 * media folder (its media server sends an `.svg` as `image/svg+xml`), or the
 * preview page's folder, which holds the deck's media. An SVG is an image
 * in an `<img>`, but opened as a page its `<script>` and `onload` run, with
 * the card's origin: `![](evil.svg)` packages the file under a name fixed by
 * its bytes (`evil-<hash>.svg`), and `[see](evil-<hash>.svg)` beside it ran
 * the file's script at a click. So a link whose URL, read as the browser
 * reads it, stays on the card's host and names such a file (by its
 * extension, percent escapes decoded, as the server decodes them) loses its
 * `href`, as a `javascript:` link does.
 */

/** Extensions of files a browser shows as a document that may run script: SVG, XML, (X)HTML, web archives. */
const scriptedExtension = String.raw`\.(?:svgz?|xml|xsl|xslt|xhtml?|xht|s?html?|mht|mhtml)`

/** A path that names such a file. */
const scriptedDocument = new RegExp(`${scriptedExtension}$`, 'i')

/** Markdown that may name one (followed by the end of the URL, a query, a fragment, a dot…). */
const scriptedDocumentInText = new RegExp(`${scriptedExtension}\\b`, 'i')

/** A base whose host no relative URL changes (`http:`, as Anki's media server is). */
const base = new URL('http://card.invalid/d/')

/** Whether an `href` (its value as the browser decodes it) opens a scripted document beside the card. */
export function isScriptedDocumentLink(href: string): boolean {
  let url: URL
  try {
    url = new URL(href, base)
  } catch {
    return false
  }
  if (url.host !== base.host || url.protocol !== base.protocol) return false
  let path = url.pathname
  try {
    path = decodeURIComponent(path)
  } catch {
    // A lone `%` stays as written, as the server keeps it.
  }
  // Windows opens `evil.html.` and `evil.html ` as `evil.html`; sent without a type, a page
  // is sniffed as HTML.
  return scriptedDocument.test(path.replace(/[. ]+$/, ''))
}

/** A link markdown-it wrote (attribute values escaped, `"`-quoted), with its `href`. */
const linkHref = /<a href="([^"]*)"/g

/** Whether markdown-it's HTML holds a link to a scripted document beside the card. */
export function hasScriptedDocumentLink(html: string): boolean {
  if (!html.includes('<a href="')) return false
  for (const [, href] of html.matchAll(linkHref)) {
    if (isScriptedDocumentLink(decodeBasicReferences(href!))) return true
  }
  return false
}

/** markdown-it's escapes in an attribute value, read back. */
function decodeBasicReferences(value: string): string {
  return value
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')
}

/**
 * Whether a field's Markdown may link to such a document (a superset: the
 * HTML decides). Without `<`, `&` or `\` (which the scan checks anyway) a
 * link's URL is its text as written, but for percent escapes.
 */
export function mayLinkScriptedDocument(text: string): boolean {
  return text.includes(']') && (text.includes('%') || scriptedDocumentInText.test(text))
}
