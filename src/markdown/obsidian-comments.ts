/**
 * Obsidian comments in a field: `%%…%%`, on one line or across several, is
 * shown only while editing a note, never in Obsidian's reading view, so it is
 * no part of a card (a teacher's `%%answer key: …%%` must not ship in a deck).
 * `%%` in a code span or fenced code is text, as in Obsidian, also in a span
 * that crosses a line break in its paragraph (`paragraph-code.ts`), in fenced
 * code inside a callout or a list item, and in indented code (`indented-code.ts`). A `%%` that no
 * later one closes stays text: Obsidian would hide the rest of the note, and a
 * field losing its end silently is worse than showing two percent signs.
 */
import { AheadRuns } from '../text/ahead-runs.js'
import { CodeSpanScanner } from '../text/code-spans.js'
import {
  type ContainedFence,
  containedFenceLine,
  openingFenceAt,
} from '../text/container-fences.js'
import { IndentedCode } from '../text/indented-code.js'
import {
  closesAhead,
  joinCode,
  type LinesAhead,
  lineRole,
  mayClose,
  type OpenCode,
  openCode,
  openLengths,
  quoteDepth,
} from '../text/paragraph-code.js'

/** `text` without its Obsidian comments (the text itself when it has none). */
export function stripObsidianComments(text: string): string {
  if (!text.includes('%%')) return text
  const ranges = obsidianComments(text)
  if (ranges.length === 0) return text
  let kept = ''
  let from = 0
  for (const [start, end] of ranges) {
    kept += text.slice(from, start)
    from = end
  }
  return kept + text.slice(from)
}

/** The comments of `text` as [start, end) offsets, markers included, in order. */
export function obsidianComments(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = []
  // Where the comment being read opened, or -1 outside one.
  let open = -1
  let fence: ContainedFence | undefined
  let code: OpenCode | undefined
  // The lines read so far, for the list item a fence may be in.
  const above: string[] = []
  const indented = new IndentedCode((index) => above[index]!)
  const runs = new AheadRuns(textLines(text))
  for (let start = 0; start <= text.length; ) {
    const newline = text.indexOf('\n', start)
    const end = newline === -1 ? text.length : newline
    const line = text.slice(start, end)
    // Inside a comment a fence is hidden with it: only outside one are lines code.
    const step = open === -1 ? fenceStep(fence, line, above, indented) : undefined
    fence = step?.fence
    if (step?.code === true) code = undefined
    else {
      const ahead = linesAfter(text, end)
      ahead.runs = { index: runs, line: above.length }
      const after = readLine(line, start, open, code, ahead, ranges)
      open = after.open
      code = after.code
    }
    above.push(line)
    start = end + 1
  }
  // An unclosed `%%` is text; no `%%` follows it, so no comment after it was missed.
  return ranges
}

/** Line `index` of `text`: split when a marker first asks for the runs ahead, most fields never. */
function textLines(text: string): (index: number) => string | undefined {
  let lines: string[] | undefined
  return (index) => {
    lines ??= text.split('\n')
    return lines[index]
  }
}

/** The lines of `text` after the line that ends at `end`. */
function linesAfter(text: string, end: number): LinesAhead {
  // Where line `reached` after it starts: a reader asks for them in order, each from the last.
  let reached = 1
  let start = end + 1
  return (count) => {
    if (count < reached) {
      reached = 1
      start = end + 1
    }
    for (; reached < count && start <= text.length; reached++) {
      const newline = text.indexOf('\n', start)
      start = newline === -1 ? text.length + 1 : newline + 1
    }
    if (start > text.length) return undefined
    const newline = text.indexOf('\n', start)
    return text.slice(start, newline === -1 ? text.length : newline)
  }
}

/**
 * The comment reader's state between two lines of a field: a comment open,
 * the fence of a code block, or the text of a paragraph whose code span a
 * later line may close (`paragraph-code.ts`).
 */
export interface CommentState {
  open: boolean
  fence: ContainedFence | undefined
  code: OpenCode | undefined
}

/**
 * The state after `line`, read by `obsidianComments`' rule (for a reader that
 * needs it line by line); `ahead` gives the lines of the text after it, and
 * `above` those before it, which `indented` reads (made over `above`).
 */
export function commentStateAfterLine(
  state: CommentState,
  line: string,
  ahead: LinesAhead,
  above: readonly string[],
  indented?: IndentedCode,
): CommentState {
  if (!state.open) {
    const step = fenceStep(state.fence, line, above, indented)
    if (step.code) {
      return step.fence === state.fence && state.code === undefined
        ? state
        : { open: false, fence: step.fence, code: undefined }
    }
  }
  const after = commentAfterLine(line, state.open, state.code, ahead)
  return { open: after.open, fence: undefined, code: after.code }
}

/**
 * A line read outside a comment: the fence open after it, and whether it is
 * code (a fence's opening, closing or inner line), whose `%%` is text. Fences
 * count in a callout or a list item too (`> ```bat`, `for %%i in …`); one
 * indented 1–3 columns under a list item in `above` (the text's lines before
 * `line`) ends with the item, as the file scanner has it (`code-and-comments.ts`).
 */
function fenceStep(
  fence: ContainedFence | undefined,
  line: string,
  above: readonly string[],
  indented: IndentedCode | undefined,
): { fence: ContainedFence | undefined; code: boolean } {
  if (fence !== undefined) {
    const place = containedFenceLine(line, fence)
    if (place === 'closing') return { fence: undefined, code: true }
    if (place === 'code') return { fence, code: true }
  }
  const opened = openingFenceAt(line, (index) => above[index]!, above.length)
  if (opened !== undefined) return { fence: opened, code: true }
  // A `%%` in indented code (after a blank line, four columns past any list item) is text too.
  const code = indented !== undefined && line.includes('%%') && indented.at(line, above.length)
  return { fence: undefined, code }
}

/**
 * Whether a comment is open at the end of a line that is not code, given
 * whether one was open at its start, and the paragraph's open code after it:
 * the rule `obsidianComments` reads each line by, for the note scanner, which
 * hides whole card blocks inside comments.
 */
export function commentAfterLine(
  line: string,
  openAtStart: boolean,
  code: OpenCode | undefined,
  ahead: LinesAhead,
): { open: boolean; code: OpenCode | undefined } {
  // Most lines hold no marker and no backtick, in a paragraph with no open code.
  if (code === undefined && !line.includes('%%') && !line.includes('`'))
    return { open: openAtStart, code: undefined }
  const after = readLine(line, 0, openAtStart ? 0 : -1, openAtStart ? undefined : code, ahead, [])
  return { open: after.open !== -1, code: after.code }
}

/**
 * Read one line's markers, `open` being where a comment opened (-1 outside
 * one) and `code` the open code its paragraph carries to it; push the
 * comments it closes and return where the one left open opened, and the
 * open code it carries to the next line.
 */
function readLine(
  line: string,
  lineStart: number,
  open: number,
  code: OpenCode | undefined,
  ahead: LinesAhead,
  ranges: Array<[number, number]>,
): { open: number; code: OpenCode | undefined } {
  // A line that starts a paragraph, or is a block of its own, continues no span.
  let carried = code !== undefined && lineRole(line, code.quotes) !== 'continues' ? undefined : code
  // Where this line's part of the paragraph starts: its start, or the end of the last comment on it.
  let from = 0
  const tick = nextTick(line)
  for (;;) {
    if (open !== -1) {
      // Inside a comment only its closing `%%` counts: code is hidden with it.
      const close = line.indexOf('%%', from)
      if (close === -1) return { open, code: undefined }
      ranges.push([open, lineStart + close + 2])
      open = -1
      from = close + 2
      carried = undefined
    } else {
      const marker = nextMarker(line, from, carried, ahead, tick)
      if (marker === -1) return { open: -1, code: codeAfter(line, from, carried) }
      open = lineStart + marker
      from = marker + 2
    }
  }
}

/**
 * The first backtick of `line` from an offset on, for offsets asked in
 * ascending order: a line of many comments searches its text once, not once
 * per comment (a 2 MB line of `%%` took 11 s, searching the rest of the line
 * for a backtick after each).
 */
function nextTick(line: string): (from: number) => number {
  let found = -2
  return (from) => {
    if (found !== -1 && found < from) found = line.indexOf('`', from)
    return found
  }
}

/**
 * The next `%%` in `line` from `from` on that is not in a code span, or -1:
 * spans of its paragraph from `carried` on, and a span a later line of the
 * paragraph closes, opened by a run before the marker that none closed yet.
 */
function nextMarker(
  line: string,
  from: number,
  carried: OpenCode | undefined,
  ahead: LinesAhead,
  tick: (from: number) => number,
): number {
  let index = line.indexOf('%%', from)
  if (index === -1) return -1
  // No backtick before the marker: no span holds it, and no run before it opens one.
  const first = tick(from)
  if (carried === undefined && (first === -1 || first > index)) return index
  const rest = from === 0 ? line : line.slice(from)
  // The line's spans, with the paragraph's text above only when the line may close one of its runs:
  // reading it all again for each marker would cost a long table the square of its rows.
  const whole = carried !== undefined && mayClose(carried, rest)
  const text = whole ? `${carried.text}\n${rest}` : rest
  // `text` offset `shift + i` is `line` offset `i`.
  const shift = text.length - line.length
  // Spans read up to each marker only: a long line closing many comments is read about once.
  const scanner = new CodeSpanScanner(text)
  const carriedOpen = whole || carried === undefined ? [] : carried.lengths
  while (index !== -1) {
    const spans = scanner.until(shift + index + 1)
    // Spans do not overlap: only the last one opened before the marker may hold it.
    const span = spans[spans.length - 1]
    if (span !== undefined && span[1] > shift + index) {
      index = line.indexOf('%%', span[1] - shift)
      continue
    }
    const open = [...carriedOpen, ...openLengths(text, spans, shift + index)]
    const quotes = carried?.quotes ?? quoteDepth(line)
    // A run before the marker that a later line closes holds the rest of this line.
    if (open.length > 0 && continues(line, carried) && closesAhead(ahead, quotes, open)) return -1
    return index
  }
  return -1
}

/** Whether later lines may continue the paragraph `line` is in (not when it is a heading). */
function continues(line: string, carried: OpenCode | undefined): boolean {
  return carried !== undefined || lineRole(line, Number.POSITIVE_INFINITY) !== 'alone'
}

/** The open code `line`, read outside a comment from `from` on, carries to the next line. */
function codeAfter(
  line: string,
  from: number,
  carried: OpenCode | undefined,
): OpenCode | undefined {
  const rest = from === 0 ? line : line.slice(from)
  const tick = rest.includes('`')
  if (carried !== undefined) return joinCode(carried, rest)
  // Most backticks are closed on their line: the line's role is asked only of one that is not.
  const code = tick ? openCode(rest, 0) : undefined
  if (code === undefined || lineRole(line, Number.POSITIVE_INFINITY) === 'alone') return undefined
  code.quotes = quoteDepth(line)
  return code
}
