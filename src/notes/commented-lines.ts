/**
 * Lines of a block that lie inside an Obsidian comment opened earlier in
 * their field (`Question %%` … `%%`): Obsidian's reading view hides them, so
 * a `Back:` or `Lab:` line there is comment text, not a new field or link
 * (commenting out `Back: old answer` must not ship the old answer). An ID line
 * there is still the note's ID (`block-body.ts`). Each field
 * is read as the renderer reads its text (`obsidian-comments.ts`): `%%` in code
 * opens nothing, and a `%%` that no later line of the block closes is text, so
 * the lines after it keep their meaning.
 */
import { type CommentState, commentStateAfterLine } from '../markdown/obsidian-comments.js'

const outside: CommentState = { open: false, fence: undefined }

export class CommentedLines {
  /** Each field's state after the text it has taken so far. */
  private readonly states: CommentState[]
  /** The last body position known to lie inside a comment. */
  private hiddenUntil = -1
  /** A comment read to the block's end without closing: none opened later closes either. */
  private neverCloses = false

  constructor(
    fieldCount: number,
    /** The text of body position `p`. */
    private readonly lineText: (position: number) => string,
    /** The last body position of the fields. */
    private readonly last: number,
  ) {
    this.states = new Array<CommentState>(fieldCount).fill(outside)
  }

  /** Whether the line at `position`, which field `field` would take, is comment text. */
  hidden(position: number, field: number): boolean {
    if (position <= this.hiddenUntil) return true
    let state = this.states[field]!
    if (!state.open || this.neverCloses) return false
    // Each position is read ahead once: a later look starts past the comment this one closed.
    for (let at = position; at <= this.last; at++) {
      state = commentStateAfterLine(state, this.lineText(at))
      if (!state.open) {
        this.hiddenUntil = at
        return true
      }
    }
    this.neverCloses = true
    return false
  }

  /** Field `field` took a line of `text`. */
  took(field: number, text: string): void {
    const state = this.states[field]!
    // Most lines hold no marker, fence or comment: the state stays.
    if (state === outside && !text.includes('%%') && !/```|~~~/.test(text)) return
    this.states[field] = commentStateAfterLine(state, text)
  }
}
