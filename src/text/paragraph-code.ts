/**
 * Code spans that cross a line break. A CommonMark code span is an inline of
 * its paragraph, not of a line: `` Use `printf %%d `` and, on the next line,
 * `` value` here `` are one span, and the `%%` in it is code. A blank line, a
 * heading, a fence, a quote or a list item starting ends the paragraph, and
 * with it every span left open. A reader going line by line carries the
 * paragraph's text from its first backtick run that nothing closed yet (most
 * paragraphs have none, and carry nothing), and reads the paragraph's later
 * lines only for a marker that follows such a run.
 */
import { codeSpans, escaped } from './code-spans.js'
import { openingContainedFence, quoteMarkers } from './container-fences.js'

/** A paragraph's text from its first backtick run no later run in it closed (yet). */
export interface OpenCode {
  text: string
  /** The lengths of its runs no later run closed: only a run as long may change its spans. */
  lengths: number[]
  /** How many `>` markers the paragraph's lines start with: a line with more starts a quote, ending it. */
  quotes: number
}

/** What `closesAhead` answers, from an index of a text's runs read once (`AheadRuns`, ahead-runs.ts). */
export interface RunsIndex {
  closes(index: number, quotes: number, lengths: readonly number[]): boolean
}

/** The lines after the one being read, in the same text: `ahead(1)` is the next; undefined past its end. */
export interface LinesAhead {
  (count: number): string | undefined
  /**
   * The reader's index of its text's runs and the index of the line being read:
   * `closesAhead` asks it instead of reading the lines ahead again.
   */
  runs?: { index: RunsIndex; line: number }
}

/** No line ahead: a reader of one line alone. */
export const noLinesAhead: LinesAhead = () => undefined

/**
 * How `line` stands to the paragraph carried (`open`, or the quote depth of
 * none): it continues it, starts a new one (a list item, a quote), or is a
 * block on its own whose text no span crosses (blank, heading, thematic break,
 * setext underline, fence, HTML block).
 */
export function lineRole(line: string, quotes: number): 'continues' | 'starts' | 'alone' {
  const markers = quoteMarkers(line, Number.POSITIVE_INFINITY)
  const body = markers.rest.trimStart()
  if (body === '' || openingContainedFence(line) !== undefined || alone.test(body)) return 'alone'
  if (markers.quotes > quotes || item.test(body)) return 'starts'
  return 'continues'
}

/** The quote depth of `line`, read from its start only: a reader asks it once per comment of a long line. */
export function quoteDepth(line: string): number {
  return quoteMarkers(line, Number.POSITIVE_INFINITY).quotes
}

/**
 * The text of `text` (a paragraph's, from where it or the last comment in it
 * ended) from its first backtick run that no later run closes, or undefined
 * when there is none.
 */
export function unclosedCode(text: string): string | undefined {
  let tick = text.indexOf('`')
  if (tick === -1) return undefined
  for (const [start, end] of codeSpans(text)) {
    if (tick < start) break
    tick = text.indexOf('`', end)
    if (tick === -1) return undefined
  }
  // With the backslashes before it, which may escape it.
  let start = tick
  while (start > 0 && text.charCodeAt(start - 1) === 92) start--
  return text.slice(start)
}

/** The open code of `text`, a paragraph's (from where it or the last comment in it ended), if any. */
export function openCode(text: string, quotes: number): OpenCode | undefined {
  const open = unclosedCode(text)
  return open === undefined
    ? undefined
    : { text: open, quotes, lengths: openLengths(open, codeSpans(open), open.length) }
}

/**
 * The open code after the paragraph `carried` goes on with `rest`. Its spans
 * are read again only when `rest` has a run as long as one left open: a long
 * paragraph (a table) with one stray run costs each line once, not all of
 * the lines above it again.
 */
export function joinCode(carried: OpenCode, rest: string): OpenCode | undefined {
  const text = `${carried.text}\n${rest}`
  if (!rest.includes('`')) return { text, quotes: carried.quotes, lengths: carried.lengths }
  if (mayClose(carried, rest)) return openCode(text, carried.quotes)
  const lengths = [...carried.lengths]
  for (const length of openLengths(rest, codeSpans(rest), rest.length))
    if (!lengths.includes(length)) lengths.push(length)
  return { text, quotes: carried.quotes, lengths }
}

/** The length of every backtick run in `text` (as a span's closer, which no backslash escapes). */
export function runLengths(text: string): number[] {
  const lengths: number[] = []
  for (let at = text.indexOf('`'); at !== -1; ) {
    const end = runEnd(text, at)
    lengths.push(end - at)
    at = text.indexOf('`', end)
  }
  return lengths
}

/** Whether `rest` has a run as long as one `carried` left open, which may close it. */
export function mayClose(carried: OpenCode, rest: string): boolean {
  return runLengths(rest).some((length) => carried.lengths.includes(length))
}

/**
 * The lengths of the runs of `text` before `until` outside its `spans`, as
 * openers (an escaped backtick opens nothing): the runs nothing closed yet.
 */
export function openLengths(
  text: string,
  spans: ReadonlyArray<[number, number]>,
  until: number,
): number[] {
  const lengths: number[] = []
  let span = 0
  for (let at = text.indexOf('`'); at !== -1 && at < until; ) {
    while (span < spans.length && spans[span]![1] <= at) span++
    if (span < spans.length && spans[span]![0] <= at) at = text.indexOf('`', spans[span]![1])
    // An escaped backtick is text: the rest of its run (or a span) starts at the next one.
    else if (escaped(text, at)) at = text.indexOf('`', at + 1)
    else {
      const end = runEnd(text, at)
      if (!lengths.includes(end - at)) lengths.push(end - at)
      at = text.indexOf('`', end)
    }
  }
  return lengths
}

/** Where the run of backticks from `at` ends. */
function runEnd(text: string, at: number): number {
  let end = at
  while (text.charCodeAt(end) === 96) end++
  return end
}

/**
 * Whether a later line of the paragraph (`ahead`, whose lines start `quotes`
 * quote markers) has a run as long as one of `lengths`, the runs before a
 * marker that nothing closed yet: the first such run closes it, and the
 * marker is in that span. Read up to that line, not to the paragraph's end.
 */
export function closesAhead(ahead: LinesAhead, quotes: number, lengths: number[]): boolean {
  if (ahead.runs !== undefined) return ahead.runs.index.closes(ahead.runs.line, quotes, lengths)
  for (let count = 1; ; count++) {
    const line = ahead(count)
    if (line === undefined || lineRole(line, quotes) !== 'continues') return false
    if (line.includes('`') && runLengths(line).some((length) => lengths.includes(length)))
      return true
  }
}

/**
 * Lines that end a paragraph and hold no paragraph text a span could
 * continue: an ATX heading, a thematic break or setext underline, the start
 * of an HTML block that may interrupt a paragraph (CommonMark's kinds 1–6).
 */
const alone =
  /^(?:#{1,6}(?:[ \t]|$)|(?:[-*_][ \t]*){3,}$|=+[ \t]*$|-+[ \t]*$|<(?:!--|\?|![A-Za-z]|!\[CDATA\[|\/?(?:script|pre|style|textarea|address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:[ \t/>]|$)))/i

/** A list item with text: a new paragraph in it (an empty item cannot interrupt a paragraph). */
const item = /^(?:[-*+]|\d{1,9}[.)])[ \t]+\S/
