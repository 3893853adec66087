/**
 * The inline code spans of one line, as [start, end) offsets (CommonMark): a
 * run of backticks up to the next run of the same length; a run that no such
 * run closes is text itself, and so is a backtick escaped by a backslash
 * outside a span (`` \`%%note%%\` `` holds no code, and its comment is one).
 * Markers inside them (`%%`, `STARTI`) are text.
 */
export function codeSpans(text: string): Array<[number, number]> {
  return new CodeSpanScanner(text).until(Number.POSITIVE_INFINITY)
}

/**
 * `codeSpans`, read only as far as asked: a reader after the first marker not
 * in a span needs the spans that open before it, not those of the rest of a
 * long line, which it would read again after each comment the line closes.
 */
export class CodeSpanScanner {
  readonly spans: Array<[number, number]> = []
  /** The next backtick to read as an opener, or -1 at the end. */
  private open: number

  constructor(private readonly text: string) {
    this.open = text.indexOf('`')
  }

  /** The spans whose opening run starts before `limit` (and every span before them). */
  until(limit: number): Array<[number, number]> {
    const { text, spans } = this
    let open = this.open
    while (open !== -1 && open < limit) {
      let length = runLength(text, open)
      // `\`` outside a span is a backtick of text: the run opens from its next backtick on.
      if (escaped(text, open)) {
        open++
        length--
        if (length === 0) {
          open = text.indexOf('`', open)
          continue
        }
      }
      let close = text.indexOf('`', open + length)
      while (close !== -1 && runLength(text, close) !== length) {
        close = text.indexOf('`', close + runLength(text, close))
      }
      if (close === -1) {
        open = text.indexOf('`', open + length)
        continue
      }
      spans.push([open, close + length])
      open = text.indexOf('`', close + length)
    }
    this.open = open
    return spans
  }
}

/** The span of `spans` (in order) that holds `offset`, if any. */
export function spanAt(
  spans: ReadonlyArray<[number, number]>,
  offset: number,
): [number, number] | undefined {
  return spans.find(([start, end]) => offset >= start && offset < end)
}

/** The number of backticks from `at` on. */
function runLength(text: string, at: number): number {
  let end = at
  while (text.charCodeAt(end) === 96) end++
  return end - at
}

/** Whether the backtick at `at` follows an odd number of backslashes (inside a span none escapes). */
export function escaped(text: string, at: number): boolean {
  let start = at
  while (start > 0 && text.charCodeAt(start - 1) === 92) start--
  return (at - start) % 2 === 1
}
