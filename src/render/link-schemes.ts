/**
 * The URL schemes a card's link may use, in raw HTML (the sanitizer's
 * allowlist) and in Markdown alike: Anki hands a click on any other scheme
 * (`smb:`, `ms-msdt:`, `search-ms:`) to the system. An `obsidian:` link
 * may only open a note (`obsidian://open?…`, what decklab's wikilinks
 * write): Obsidian's other actions write notes (`new?…&content=`), search,
 * or run commands (`advanced-uri?commandid=`) in the learner's vault.
 */
export const linkSchemes: readonly string[] = ['http', 'https', 'mailto', 'obsidian']

const allowed = new Set(linkSchemes)
/** An `href` with a scheme, in HTML markdown-it wrote (attribute values escaped, `"`-quoted). */
const hrefScheme = /<a href="([a-z][a-z0-9+.-]*):(\/\/open[?"])?/gi

/** Whether markdown-it's HTML links with a scheme outside `linkSchemes` (its own check allows many), or to an Obsidian action other than `open`. */
export function hasOtherLinkScheme(html: string): boolean {
  if (!html.includes('<a href="')) return false
  for (const [, scheme, open] of html.matchAll(hrefScheme)) {
    const lower = scheme!.toLowerCase()
    if (!allowed.has(lower) || (lower === 'obsidian' && open === undefined)) return true
  }
  return false
}

/** The one `obsidian:` URL a link keeps: opening a note (nothing between `open` and the query). */
const obsidianOpen = /^obsidian:\/\/open(?:\?|$)/i

/**
 * Whether an `href` (its value as the browser decodes it) is an `obsidian:`
 * URL of another action than `open`: read as the browser reads a URL
 * (spaces and control characters around it dropped, tabs and newlines removed).
 */
export function isRefusedObsidianLink(href: string): boolean {
  const url = href.replace(/^[\0-\x20]+|[\0-\x20]+$/g, '').replace(/[\t\n\r]/g, '')
  return /^obsidian:/i.test(url) && !obsidianOpen.test(url)
}

/** A link or link definition in Markdown whose URL starts with a scheme, or a linkified `ftp:`. */
const markdownScheme =
  /\]\(\s*<?([a-z][a-z0-9+.-]*):(\/\/open\?)?|\]:[ \t]*<?([a-z][a-z0-9+.-]*):(\/\/open\?)?|\bftp:/gi

/** Whether a field's Markdown may link with a scheme outside `linkSchemes`, or to an Obsidian action but `open` (a superset: the HTML decides). */
export function mayLinkOtherScheme(text: string): boolean {
  if (!text.includes(']') && !/ftp:/i.test(text)) return false
  for (const [, inline, inlineOpen, definition, definitionOpen] of text.matchAll(markdownScheme)) {
    const scheme = (inline ?? definition)?.toLowerCase()
    if (scheme === undefined || !allowed.has(scheme)) return true
    if (scheme === 'obsidian' && (inlineOpen ?? definitionOpen) === undefined) return true
  }
  return false
}
