/**
 * Obsidian callouts: a block quote whose first line is `[!type]`, with an
 * optional fold sign (`-`, `+`) and title (`> [!warning] Stale sockets`).
 * Obsidian shows a titled box; as a plain quote the card showed `[!warning]`
 * as text. The quote keeps its element (a card still reads as a quote where
 * the stylesheet is not decklab's) with the classes `callout` and
 * `callout-<type>`, and its first line becomes a paragraph of class
 * `callout-title`: the title, else the type's name, as Obsidian writes it.
 * Folding is an editor's affair: a card shows the whole callout.
 */
import type MarkdownIt from 'markdown-it'
import type { StateCore, Token } from 'markdown-it'

/** `[!type]`, a fold sign and the title: the first line of a callout's first paragraph. */
const calloutLine = /^\[!([A-Za-z][\w-]*)\][+-]?(?:[ \t]+([^\n]*))?(?:\n|$)/

/** Install the callout core rule (after block parsing, before inline parsing). */
export function calloutPlugin(markdown: MarkdownIt): void {
  markdown.core.ruler.after('block', 'callout', callouts)
}

function callouts(state: StateCore): void {
  const tokens = state.tokens
  for (let index = 0; index + 2 < tokens.length; index += 1) {
    const quote = tokens[index]!
    const paragraph = tokens[index + 1]!
    const inline = tokens[index + 2]!
    // Obsidian takes the first line as the title whatever follows: under `> ---` or `> ===` it is
    // still the title, where CommonMark reads a setext heading (`<h2>[!note] Title</h2>`).
    const setext =
      paragraph.type === 'heading_open' && (paragraph.markup === '-' || paragraph.markup === '=')
    if (
      quote.type !== 'blockquote_open' ||
      (paragraph.type !== 'paragraph_open' && !setext) ||
      inline.type !== 'inline'
    ) {
      continue
    }
    const match = calloutLine.exec(inline.content)
    if (match === null) continue
    const type = match[1]!.toLowerCase()
    const title = match[2]?.trim() || type.charAt(0).toUpperCase() + type.slice(1)
    const body = inline.content.slice(match[0].length)
    quote.attrJoin('class', `callout callout-${type}`)
    tokens.splice(index + 1, 0, ...titleTokens(state, title, paragraph))
    // What followed the first line in its paragraph (or heading) is the callout's first paragraph (or heading).
    if (body.trim() === '')
      tokens.splice(index + 4, 3, ...(setext ? underline(state, paragraph) : []))
    else {
      inline.content = body
      if (paragraph.map) paragraph.map = [paragraph.map[0] + 1, paragraph.map[1]]
      inline.map = paragraph.map
    }
  }
}

/** A paragraph of class `callout-title` holding `title` (Markdown, read by the inline rules). */
function titleTokens(state: StateCore, title: string, paragraph: Token): Token[] {
  const open = new state.Token('paragraph_open', 'p', 1)
  open.attrSet('class', 'callout-title')
  open.meta = { calloutTitle: true }
  open.block = true
  open.level = paragraph.level
  const map: [number, number] | null = paragraph.map
    ? [paragraph.map[0], paragraph.map[0] + 1]
    : null
  open.map = map
  const text = new state.Token('inline', '', 0)
  text.content = title
  text.map = map
  text.children = []
  text.level = paragraph.level + 1
  const close = new state.Token('paragraph_close', 'p', -1)
  // Marked at both ends for the terminal renderer (an attribute would be written into `</p>`).
  close.meta = { calloutTitle: true }
  close.block = true
  close.level = paragraph.level
  return [open, text, close]
}

/**
 * A setext underline below a callout's title line, read as Obsidian reads it
 * in the callout's body: `---` a rule, `===` a paragraph of its text.
 */
function underline(state: StateCore, heading: Token): Token[] {
  if (heading.markup === '-') {
    const rule = new state.Token('hr', 'hr', 0)
    rule.markup = '---'
    rule.block = true
    rule.level = heading.level
    rule.map = heading.map ? [heading.map[1] - 1, heading.map[1]] : null
    return [rule]
  }
  const line = heading.map ? (state.src.split('\n')[heading.map[1] - 1] ?? '') : '==='
  const text = line.replace(/^(?:[ \t]*>)*/, '').trim()
  const open = new state.Token('paragraph_open', 'p', 1)
  open.block = true
  open.level = heading.level
  open.map = heading.map ? [heading.map[1] - 1, heading.map[1]] : null
  const inline = new state.Token('inline', '', 0)
  inline.content = text
  inline.map = open.map
  inline.children = []
  inline.level = heading.level + 1
  const close = new state.Token('paragraph_close', 'p', -1)
  close.block = true
  close.level = heading.level
  return [open, inline, close]
}
