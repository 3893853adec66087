/**
 * Obsidian block identifiers: `^id` (letters, digits and dashes) after a
 * space at the end of a paragraph or list item, or as a paragraph of its own
 * after a table, quote or list, names the block for links (`[[note#^id]]`),
 * and Obsidian's reading view does not show it. A card showed `ECONNREFUSED
 * ^stale-answer`; the identifier is left out.
 */
import type MarkdownIt from 'markdown-it'
import type { StateCore } from 'markdown-it'

/**
 * Where the renderer wants the identifiers left out that may be text instead
 * (`shortBlockId`): an array in markdown-it's `env`.
 */
export interface BlockIdEnv {
  shortBlockIds?: string[]
}

/**
 * Whether a left-out identifier may well be text: two characters or fewer, or
 * a number (`^C` for Ctrl-C, `x ^2`); Obsidian's own are six letters and digits.
 */
export function shortBlockId(id: string): boolean {
  return id.length <= 2 || /^-?\d+$/.test(id)
}

/**
 * ` ^id` ending a paragraph's text, or the whole text. One blank before the
 * `^`, not a run of them: `[ \t]+` tried from each blank of a long run, each
 * time to its end, made a line of 100,000 spaces take a minute. `blockIds`
 * takes the rest of the run with it.
 */
const blockId = /(?:^|[ \t])\^[A-Za-z0-9-]+[ \t]*$/

/**
 * The same at any line's end: a paragraph's text ends where a line does, so a
 * field it finds nothing in has no identifier to leave out (`check`'s scan).
 */
export const blockIdAtLineEnd = new RegExp(blockId.source, 'm')

/** Install the block-identifier core rule (after inline parsing). */
export function blockIdPlugin(markdown: MarkdownIt): void {
  markdown.core.ruler.after('inline', 'block_id', blockIds)
}

function blockIds(state: StateCore): void {
  const tokens = state.tokens
  for (let index = tokens.length - 2; index > 0; index -= 1) {
    const token = tokens[index]!
    if (token.type !== 'inline' || tokens[index - 1]!.type !== 'paragraph_open') continue
    const last = token.children?.at(-1)
    // Only plain text ends a block with an identifier: in code or a link it is their text.
    if (last?.type !== 'text') continue
    const match = blockId.exec(last.content)
    if (match === null) continue
    last.content = withoutTrailingBlanks(last.content.slice(0, match.index))
    const id = match[0].trim().slice(1)
    if (shortBlockId(id)) (state.env as BlockIdEnv | undefined)?.shortBlockIds?.push(id)
    // A paragraph that was only the identifier (the one after a table or list) goes.
    if (token.children!.length === 1 && last.content === '') {
      tokens.splice(index - 1, 3)
      index -= 1
    }
  }
}

/** `text` less the spaces and tabs it ends with (a loop: a regex tried from each blank is quadratic). */
function withoutTrailingBlanks(text: string): string {
  let end = text.length
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end -= 1
  return text.slice(0, end)
}
