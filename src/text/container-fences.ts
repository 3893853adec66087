/**
 * Code fences inside block quotes (callouts) and list items, line by line:
 * `> ```bat` opens a fence in a quote, and a fence indented under a list item
 * (`1. Write:` then four spaces or a tab and ```` ``` ````) one in the item. Its lines are
 * code while they keep the opener's `>` markers and, for a fence indented four
 * columns or more, its indent; a line with fewer markers or less indent ends the
 * quote or the item, and the fence with it (CommonMark: fenced code has no lazy
 * lines). At the top level (no `>`, indent up to three) this is `fences.ts`'s rule.
 */
import { type Fence, openingFence } from './fences.js'

/** A fence and the container it was opened in. */
export interface ContainedFence {
  fence: Fence
  /** How many `>` markers its opening line starts with. */
  quotes: number
  /** The opener's indent after those markers, in columns (a tab to the next multiple of four). */
  indent: number
}

/** Where a line stands to an open fence. */
export type ContainedFenceLine = 'code' | 'closing' | 'outside'

/** The fence a line opens, in whatever quote or list item, or undefined when it opens none. */
export function openingContainedFence(line: string): ContainedFence | undefined {
  // Most lines open nothing: tell by their first character past the blanks, before any slice.
  if (!mayOpenFence(line)) return undefined
  const { quotes, rest } = quoteMarkers(line, Number.POSITIVE_INFINITY)
  const { columns, end } = indentOf(rest)
  const fence = openingFence(rest.slice(end))
  return fence === undefined ? undefined : { fence, quotes, indent: columns }
}

/** Whether the first character of `line` past its blanks could start a fence or a quote holding one. */
function mayOpenFence(line: string): boolean {
  for (let index = 0; index < line.length; index++) {
    const code = line.charCodeAt(index)
    if (code !== 32 && code !== 9) return code === 96 || code === 126 || code === 62
  }
  return false
}

/** Whether a line is code of the open fence, closes it, or lies outside its container. */
export function containedFenceLine(line: string, open: ContainedFence): ContainedFenceLine {
  const { quotes, rest } = quoteMarkers(line, open.quotes)
  if (quotes < open.quotes) return 'outside'
  const { columns, end } = indentOf(rest)
  if (end === rest.length) return 'code'
  // A closer may sit up to three columns right of the opener, or left of it (then it ends the item too).
  if (columns <= open.indent + 3 && closes(rest.slice(end), open.fence)) return 'closing'
  // Four columns or more is inside a list item (or an indented code block): less ends it.
  return open.indent >= 4 && columns < open.indent ? 'outside' : 'code'
}

/** Up to `most` block-quote markers (`>`, each after up to three spaces, with one space after it). */
function quoteMarkers(line: string, most: number): { quotes: number; rest: string } {
  let quotes = 0
  let index = 0
  while (quotes < most) {
    let at = index
    while (at - index < 3 && line.charCodeAt(at) === 32) at++
    if (line.charCodeAt(at) !== 62) break
    at++
    if (line.charCodeAt(at) === 32) at++
    index = at
    quotes++
  }
  return { quotes, rest: index === 0 ? line : line.slice(index) }
}

/** The leading spaces and tabs of `text`: their width in columns and where they end. */
function indentOf(text: string): { columns: number; end: number } {
  let columns = 0
  let end = 0
  for (; end < text.length; end++) {
    const code = text.charCodeAt(end)
    if (code === 32) columns++
    else if (code === 9) columns += 4 - (columns % 4)
    else break
  }
  return { columns, end }
}

/** Whether unindented `text` is a closing fence of `fence`: its character, as long or longer, nothing after. */
function closes(text: string, fence: Fence): boolean {
  let end = 0
  while (end < text.length && text[end] === fence.character) end++
  return end >= fence.length && text.slice(end).trim() === ''
}
