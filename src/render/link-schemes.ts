/**
 * The URL schemes a card's link may use, in raw HTML (the sanitizer's
 * allowlist) and in Markdown alike: Anki hands a click on any other scheme
 * (`smb:`, `ms-msdt:`, `search-ms:`) to the system.
 */
export const linkSchemes: readonly string[] = ['http', 'https', 'mailto', 'obsidian']

const allowed = new Set(linkSchemes)
/** An `href` with a scheme, in HTML markdown-it wrote (attribute values escaped, `"`-quoted). */
const hrefScheme = /<a href="([a-z][a-z0-9+.-]*):/gi

/** Whether markdown-it's HTML links with a scheme outside `linkSchemes` (its own check allows many). */
export function hasOtherLinkScheme(html: string): boolean {
  if (!html.includes('<a href="')) return false
  for (const [, scheme] of html.matchAll(hrefScheme)) {
    if (!allowed.has(scheme!.toLowerCase())) return true
  }
  return false
}

/** A link or link definition in Markdown whose URL starts with a scheme, or a linkified `ftp:`. */
const markdownScheme = /\]\(\s*<?([a-z][a-z0-9+.-]*):|\]:[ \t]*<?([a-z][a-z0-9+.-]*):|\bftp:/gi

/** Whether a field's Markdown may link with a scheme outside `linkSchemes` (a superset: the HTML decides). */
export function mayLinkOtherScheme(text: string): boolean {
  if (!text.includes(']') && !/ftp:/i.test(text)) return false
  for (const [, inline, definition] of text.matchAll(markdownScheme)) {
    const scheme = inline ?? definition
    if (scheme === undefined || !allowed.has(scheme.toLowerCase())) return true
  }
  return false
}
