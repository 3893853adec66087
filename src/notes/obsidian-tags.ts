import { maskProtected } from './mask.js'

/**
 * Obsidian's `#tag` syntax: `#` at the start or after whitespace or `(`,
 * then letters, digits, `_`, `-` or `/`, with at least one non-digit. Not
 * a link's target (`[see](#heading)` links to a heading of the note).
 */
const obsidianTag = /(^|\s|(?<!\])\()#([\p{L}\p{N}_/-]*[\p{L}_/-][\p{L}\p{N}_/-]*)/gu

/**
 * Take the Obsidian `#tags` out of a field ("Add Obsidian Tags"): returns the
 * tags and the text without them. Unlike the plugin's `#(\w+)` on HTML, this
 * keeps nested (`a/b`), hyphenated and non-ASCII tags whole and never reads
 * HTML entities or code as tags.
 */
export function extractObsidianTags(markdown: string): { text: string; tags: string[] } {
  if (!markdown.includes('#')) return { text: markdown, tags: [] }
  const masked = maskProtected(markdown)
  const tags: string[] = []
  const text = masked.text.replace(obsidianTag, (_, before: string, tag: string) => {
    tags.push(tag)
    return before
  })
  return { text: masked.restore(text), tags }
}
