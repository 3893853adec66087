/**
 * Code fences inside block quotes (callouts) and list items, line by line:
 * `> ```bat` opens a fence in a quote, and a fence under a list item (`1. Write:`
 * then ```` ``` ```` indented to the item's text, or `- ```sh` on the item's own
 * line) one in the item. Its lines are code while they keep the opener's `>`
 * markers and the item's indent; a line with fewer markers or less indent ends
 * the quote or the item, and the fence with it (CommonMark: fenced code has no
 * lazy lines). At the top level (no `>`, no item) this is `fences.ts`'s rule.
 */
import { type Fence, openingFence } from './fences.js'

/** A fence and the container it was opened in. */
export interface ContainedFence {
  fence: Fence
  /** How many `>` markers its opening line starts with. */
  quotes: number
  /** The opener's indent after those markers, in columns (a tab to the next multiple of four). */
  indent: number
  /**
   * The indent a line needs to stay in the fence's list item (0: in none, or not known). An opener
   * indented four columns or more is taken to be in an item indented as far.
   */
  content: number
}

/** Where a line stands to an open fence. */
export type ContainedFenceLine = 'code' | 'closing' | 'outside'

/** The fence a line opens, in whatever quote or list item, or undefined when it opens none. */
export function openingContainedFence(line: string): ContainedFence | undefined {
  // Most lines open nothing: tell by their first character past the blanks, before any slice.
  if (!mayOpenFence(line)) return undefined
  const { quotes, rest } = quoteMarkers(line, Number.POSITIVE_INFINITY)
  const { columns, end } = indentOf(rest)
  const item = markerEnd(rest, end)
  if (item !== -1) {
    // `- ```sh`: a fence opening the item, whose text starts after the marker and its spaces.
    const after = indentOf(rest.slice(item))
    if (after.end === 0 || after.columns > 4) return undefined
    const fence = openingFence(rest.slice(item + after.end))
    const content = columns + item - end + after.columns
    return fence === undefined ? undefined : { fence, quotes, indent: content, content }
  }
  const fence = openingFence(rest.slice(end))
  if (fence === undefined) return undefined
  return { fence, quotes, indent: columns, content: columns >= 4 ? columns : 0 }
}

/**
 * The fence `line` opens, the line at `index` of a text whose earlier lines
 * `textAt` gives; one indented 1–3 columns takes the content indent of the
 * list item above that holds it (`itemContentAbove`), so it ends with that
 * item. The file scanner and the comment readers open fences by this rule.
 */
export function openingFenceAt(
  line: string,
  textAt: (index: number) => string,
  index: number,
): ContainedFence | undefined {
  const opened = openingContainedFence(line)
  if (opened !== undefined && opened.content === 0 && opened.indent > 0 && opened.indent < 4) {
    opened.content = itemContentAbove(textAt, index, opened)
  }
  return opened
}

/**
 * The content indent of the list item that holds a fence opened 1–3 columns in
 * (`- item` then `` ```` `` two spaces in), or any line indented `open.indent`
 * columns after `open.quotes` quote markers, found from the lines above it
 * (`textAt(index)`, lines before `index`), or 0 when none does: a list item
 * with text at or left of the fence, with no line between less indented than
 * that text (a line at the margin ends every list, but for a lazy line).
 */
export function itemContentAbove(
  textAt: (index: number) => string,
  index: number,
  open: { quotes: number; indent: number },
): number {
  let least = Number.POSITIVE_INFINITY
  for (let at = index - 1; at >= 0; at--) {
    const { quotes, rest } = quoteMarkers(textAt(at), open.quotes)
    if (quotes < open.quotes) return 0
    const { columns, end } = indentOf(rest)
    if (end === rest.length) continue
    const item = markerEnd(rest, end)
    if (item === -1) {
      if (columns < 2) {
        // At the margin only a lazy line stays in the item: it goes on with the item's paragraph.
        if (!isLazyLine(rest.slice(end), at > 0 ? textAt(at - 1) : undefined, open.quotes)) return 0
        continue
      }
    } else {
      const after = indentOf(rest.slice(item))
      const spaces = after.end === rest.length - item || after.columns > 4 ? 1 : after.columns
      const content = columns + item - end + spaces
      if (content <= open.indent) return least >= content ? content : 0
    }
    least = Math.min(least, columns)
  }
  return 0
}

/**
 * Whether `text`, a line at the margin under `above`, is a lazy line of a
 * list item (CommonMark: paragraph continuation text): `above` is text of
 * that paragraph (not blank, not a fence), and `text` starts no block of its
 * own (a heading, a quote, a fence, HTML). `- item` then `lazy text` then
 * `` ``` `` two columns in is a fence in the item.
 */
function isLazyLine(text: string, above: string | undefined, quotes: number): boolean {
  if (above === undefined || /^[#>`~<]/.test(text)) return false
  const line = quoteMarkers(above, quotes)
  if (line.quotes < quotes) return false
  const upper = line.rest.trimStart()
  return upper !== '' && !/^(?:`{3}|~{3})/.test(upper)
}

/**
 * Where a list item marker (`-`, `*`, `+`, or up to nine digits and `.` or `)`)
 * starting at `from` ends, when a blank or the end of the line follows it; else -1.
 */
function markerEnd(text: string, from: number): number {
  if (from === text.length) return -1
  let end = from
  const code = text.charCodeAt(from)
  if (code === 45 || code === 42 || code === 43) end++
  else {
    while (end < text.length && end - from < 9 && isDigit(text.charCodeAt(end))) end++
    if (end === from || end === text.length) return -1
    const delimiter = text.charCodeAt(end)
    if (delimiter !== 46 && delimiter !== 41) return -1
    end++
  }
  if (end === text.length) return end
  const next = text.charCodeAt(end)
  return next === 32 || next === 9 ? end : -1
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57
}

/**
 * Whether the first character of `line` past its blanks could start a fence or
 * a quote holding one, or a list item whose text opens one (`- ```sh`).
 */
export function mayOpenFence(line: string): boolean {
  for (let index = 0; index < line.length; index++) {
    const code = line.charCodeAt(index)
    if (code === 32 || code === 9) continue
    if (code === 96 || code === 126 || code === 62) return true
    // A bullet's item: `- ` and then a fence character, told by characters alone (most list
    // lines are not this), or an ordered one's (`1. ```sh`).
    if (code === 45 || code === 42 || code === 43) return fenceAfterBlanks(line, index + 1)
    if (!isDigit(code)) return false
    let end = index + 1
    while (end < line.length && isDigit(line.charCodeAt(end))) end++
    if (end === line.length) return false
    const delimiter = line.charCodeAt(end)
    return (delimiter === 46 || delimiter === 41) && fenceAfterBlanks(line, end + 1)
  }
  return false
}

/** Whether `line` from `from` holds one or more blanks and then `` ` `` or `~`. */
function fenceAfterBlanks(line: string, from: number): boolean {
  let index = from
  while (index < line.length && (line.charCodeAt(index) === 32 || line.charCodeAt(index) === 9))
    index++
  if (index === from || index === line.length) return false
  const code = line.charCodeAt(index)
  return code === 96 || code === 126
}

/** Whether a line is code of the open fence, closes it, or lies outside its container. */
export function containedFenceLine(line: string, open: ContainedFence): ContainedFenceLine {
  const { quotes, rest } = quoteMarkers(line, open.quotes)
  if (quotes < open.quotes) return 'outside'
  const { columns, end } = indentOf(rest)
  if (end === rest.length) return 'code'
  // A closer may sit up to three columns right of the opener, or left of it (then it ends the item too).
  if (columns <= open.indent + 3 && closes(rest.slice(end), open.fence)) return 'closing'
  // Less indent than the list item's text ends the item.
  return columns < open.content ? 'outside' : 'code'
}

/** Up to `most` block-quote markers (`>`, each after up to three spaces, with one space after it). */
export function quoteMarkers(line: string, most: number): { quotes: number; rest: string } {
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
export function indentOf(text: string): { columns: number; end: number } {
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
