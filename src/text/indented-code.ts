/**
 * CommonMark indented code blocks, for the readers of `%%` comments: a line
 * indented four columns or more (past the list item holding it) that starts
 * after a blank line, or goes on from such a line, is code, as a snippet
 * pasted from Stack Overflow or a man page often is (`printf("%3d%%", pct);`).
 * Its `%%` is text in Obsidian, never a comment marker. A line so indented
 * right under paragraph text goes on with that paragraph (a lazy line), and
 * a line indented four columns under `- item` is a paragraph of the item.
 */
import { indentOf, itemContentAbove, quoteMarkers } from './container-fences.js'

/** What the run of indented lines a line is in says: whether it is code, past which list item indent. */
interface Run {
  /** The run starts after a blank line (or the text's start): it may be code. */
  afterBlank: boolean
  /** Its first line. */
  start: number
  /** Its quote depth. */
  quotes: number
  /** By a line's indent: the content indent of the list item holding it (0: none). */
  contents: Map<number, number>
}

/**
 * Tells lines of a text in indented code, asked in order (each from the
 * last): a line's run of indented lines above it is read once, not again
 * for each later line of it, so a long pasted block costs each line once.
 */
export class IndentedCode {
  /** The last line asked about, and its run. */
  private last = -1
  private run: Run | undefined

  /** `textAt(index)` is the text's line `index` (for lines before the one asked about). */
  constructor(private readonly textAt: (index: number) => string) {}

  /** Whether `line`, the text's line `index`, is a line of indented code. */
  at(line: string, index: number): boolean {
    const { quotes, rest } = quoteMarkers(line, Number.POSITIVE_INFINITY)
    const { columns, end } = indentOf(rest)
    if (columns < 4 || end === rest.length) return false
    const run = this.runAbove(index, quotes)
    this.last = index
    this.run = run
    if (!run.afterBlank || run.quotes !== quotes) return false
    let content = run.contents.get(columns)
    if (content === undefined) {
      content = itemContentAbove(this.textAt, run.start, { quotes, indent: columns })
      run.contents.set(columns, content)
    }
    return columns >= content + 4
  }

  /** The run line `index` goes on: up through the lines indented four columns or more above it. */
  private runAbove(index: number, quotes: number): Run {
    for (let at = index - 1; ; at--) {
      if (at === this.last && this.run !== undefined) return this.run
      const start = at + 1
      // The text's start, or a quote starting here, starts a block of its own.
      if (at < 0) return { afterBlank: true, start, quotes, contents: new Map() }
      const above = quoteMarkers(this.textAt(at), quotes)
      if (above.quotes < quotes) return { afterBlank: true, start, quotes, contents: new Map() }
      const indent = indentOf(above.rest)
      if (indent.end === above.rest.length) {
        return { afterBlank: true, start, quotes, contents: this.codeAbove(at, quotes) }
      }
      // Paragraph text (or any other block) right above: the indented line is a lazy one of it.
      if (indent.columns < 4) return { afterBlank: false, start, quotes, contents: new Map() }
    }
  }

  /**
   * The list indents of the indented code that the blank line `blank` may
   * part from a run after it: the same code block (CommonMark: indented code
   * goes on across blank lines), in the same list item. Shared, so a long
   * block of code and blank lines looks for its list item once, not per run.
   */
  private codeAbove(blank: number, quotes: number): Map<number, number> {
    for (let at = blank - 1; at >= 0; at--) {
      if (at === this.last) {
        const run = this.run
        return run?.afterBlank && run.quotes === quotes ? run.contents : new Map()
      }
      const above = quoteMarkers(this.textAt(at), quotes)
      if (above.quotes !== quotes) break
      const indent = indentOf(above.rest)
      if (indent.end !== above.rest.length && indent.columns < 4) break
    }
    return new Map()
  }
}
