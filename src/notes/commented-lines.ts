/**
 * Lines of a block that lie inside an Obsidian comment opened earlier in
 * their field (`Question %%` … `%%`): Obsidian's reading view hides them, so
 * a `Back:` or `Lab:` line there is comment text, not a new field or link
 * (commenting out `Back: old answer` must not ship the old answer). An ID line
 * there is still the note's ID (`block-body.ts`). Each field
 * is read as the renderer reads its text (`obsidian-comments.ts`): `%%` in code
 * opens nothing, also in a code span a later line of the field's paragraph
 * closes, and a `%%` that no later line of the block closes is text, so
 * the lines after it keep their meaning. An HTML comment a field's line opens
 * (`<!--` at its start, outside code) hides the lines up to its `-->` alike.
 */
import { type CommentState, commentStateAfterLine } from '../markdown/obsidian-comments.js'
import { AheadRuns } from '../text/ahead-runs.js'
import { IndentedCode } from '../text/indented-code.js'
import type { LinesAhead } from '../text/paragraph-code.js'
import { opensHtmlComment } from './comments.js'

const outside: CommentState = { open: false, fence: undefined, code: undefined }

export class CommentedLines {
  /** Each field's state after the text it has taken so far. */
  private readonly states: CommentState[]
  /** Each field's lines so far, for the list item a fence may be in; kept once the field has a marker. */
  private readonly taken: string[][]
  /** The last body position known to lie inside a comment. */
  private hiddenUntil = -1
  /** A comment read to the block's end without closing: none opened later closes either. */
  private neverCloses = false
  /** Each field's HTML comment left open by the last line it took. */
  private readonly html: boolean[]
  /** An HTML comment read to the block's end without its `-->`: none opened later closes either. */
  private htmlNeverCloses = false
  /** Each field's reader of indented code, over its lines so far. */
  private readonly indented: IndentedCode[]
  /**
   * The runs of the lines ahead, for the lines the fields take and for the look ahead of
   * `inComment`: each asks in the order of its lines, so each reads a line once.
   */
  private readonly runs = new AheadRuns((at) => this.lineAhead(at))
  private readonly lookRuns = new AheadRuns((at) => this.lineAhead(at))

  constructor(
    fieldCount: number,
    /** The text of body position `p`. */
    private readonly lineText: (position: number) => string,
    /** The last body position of the fields. */
    private readonly last: number,
    /**
     * Whether body position `p` starts a field of its own (a `Back:` line, a `Lab:` line) when
     * no comment hides it: a code span in the field before it ends there.
     */
    private readonly startsField: (position: number) => boolean,
  ) {
    this.states = new Array<CommentState>(fieldCount).fill(outside)
    this.taken = Array.from({ length: fieldCount }, () => [])
    this.indented = this.taken.map((taken) => new IndentedCode((index) => taken[index]!))
    this.html = new Array<boolean>(fieldCount).fill(false)
  }

  /** Whether the line at `position`, which field `field` would take, is comment text. */
  hidden(position: number, field: number): boolean {
    if (position <= this.hiddenUntil) return true
    return this.inComment(position, field) || this.inHtmlComment(position, field)
  }

  /** Whether the line at `position` lies in a `%%` comment field `field` left open. */
  private inComment(position: number, field: number): boolean {
    let state = this.states[field]!
    if (!state.open || this.neverCloses) return false
    // Each position is read ahead once: a later look starts past the comment this one closed.
    for (let at = position; at <= this.last; at++) {
      // Inside a comment no fence opens: no line above is asked for.
      state = commentStateAfterLine(state, this.lineText(at), this.ahead(at, this.lookRuns), [])
      if (!state.open) {
        this.hiddenUntil = at
        return true
      }
    }
    this.neverCloses = true
    return false
  }

  /** Whether the line at `position` lies in an HTML comment field `field` left open, up to its `-->`. */
  private inHtmlComment(position: number, field: number): boolean {
    if (!this.html[field]) return false
    // Else a line of `<!--` after another, with no `-->` below, read to the end each: the
    // square of the block's length (100,000 lines took minutes).
    if (this.htmlNeverCloses) {
      this.html[field] = false
      return false
    }
    for (let at = position; at <= this.last; at++) {
      if (this.lineText(at).includes('-->')) {
        this.hiddenUntil = at
        return true
      }
    }
    // Never closed: as a `%%`, it leaves the lines after it their meaning.
    this.html[field] = false
    this.htmlNeverCloses = true
    return false
  }

  /** Field `field` took a line of `text`, at body position `position`. */
  took(field: number, text: string, position: number): void {
    const state = this.states[field]!
    const taken = this.taken[field]!
    // Most lines hold no marker, fence, backtick or comment: the state stays.
    if (state !== outside || text.includes('%%') || text.includes('`') || text.includes('~~~'))
      this.states[field] = commentStateAfterLine(
        state,
        text,
        this.ahead(position, this.runs),
        taken,
        this.indented[field],
      )
    taken.push(text)
    const after = this.states[field]!
    if (this.html[field]) this.html[field] = !text.includes('-->')
    else if (!after.open && after.fence === undefined && state.fence === undefined)
      this.html[field] = opensHtmlComment(text)
  }

  /** The field's lines after body position `position`, as far as they stay in it with no comment open. */
  private ahead(position: number, runs: AheadRuns): LinesAhead {
    const ahead: LinesAhead = (count) => this.lineAhead(position + count)
    ahead.runs = { index: runs, line: position }
    return ahead
  }

  /** Body position `at` while it stays in the field being read, else undefined. */
  private lineAhead(at: number): string | undefined {
    return at > this.last || this.startsField(at) ? undefined : this.lineText(at)
  }
}
