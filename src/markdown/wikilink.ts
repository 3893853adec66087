/**
 * Obsidian links and embeds, read as markdown-it rules: `[[target#heading|alias]]`
 * is a `wikilink` token and `![[file.png|300]]` an `embed` token, each
 * holding the text between the brackets. The renderers show them
 * (src/render/wikilink.ts for Anki, the terminal's own).
 */
import type MarkdownIt from 'markdown-it'
import type { StateInline } from 'markdown-it'

const wikilinkPattern = /^\[\[([^[\]\n]+?)\]\]/
const embedPattern = /^!\[\[([^[\]\n]+?)\]\]/

/** The parts of `target#subpath|alias` (a `\|` inside a table cell counts as `|`). */
export interface WikilinkParts {
  target: string
  subpath: string | undefined
  alias: string | undefined
}

/** Split the inside of `[[…]]` into target, `#subpath` and alias. */
export function parseWikilink(inside: string): WikilinkParts {
  const text = inside.replace(/\\\|/g, '|')
  const bar = text.indexOf('|')
  const link = bar === -1 ? text : text.slice(0, bar)
  const alias = bar === -1 ? undefined : text.slice(bar + 1).trim()
  const hash = link.indexOf('#')
  const target = (hash === -1 ? link : link.slice(0, hash)).trim()
  const subpath = hash === -1 ? undefined : link.slice(hash + 1).trim()
  return { target, subpath: subpath === '' ? undefined : subpath, alias }
}

/** What Obsidian shows for a link without alias: `Note`, `Note > Heading`, or `Heading` for `[[#Heading]]`. */
export function wikilinkText(parts: WikilinkParts): string {
  if (parts.alias !== undefined && parts.alias !== '') return parts.alias
  const subpath = parts.subpath?.replace(/#/g, ' > ')
  if (parts.target === '') return subpath ?? ''
  return subpath === undefined ? parts.target : `${parts.target} > ${subpath}`
}

/** Install the wikilink and embed rules. */
export function wikilinkRules(markdown: MarkdownIt): void {
  markdown.inline.ruler.before('link', 'wikilink', (state, silent) =>
    wikiRule(state, silent, wikilinkPattern, 'wikilink'),
  )
  markdown.inline.ruler.before('image', 'embed', (state, silent) =>
    wikiRule(state, silent, embedPattern, 'embed'),
  )
}

function wikiRule(
  state: StateInline,
  silent: boolean,
  pattern: RegExp,
  type: 'wikilink' | 'embed',
): boolean {
  const match = pattern.exec(state.src.slice(state.pos, state.posMax))
  if (match === null) return false
  if (!silent) state.push(type, '', 0).content = match[1]!
  state.pos += match[0].length
  return true
}
