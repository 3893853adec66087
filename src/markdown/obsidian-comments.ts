/**
 * Obsidian comments in a field: `%%…%%`, on one line or across several, is
 * shown only while editing a note, never in Obsidian's reading view, so it is
 * no part of a card (a teacher's `%%answer key: …%%` must not ship in a deck).
 * `%%` in a code span or fenced code is text, as in Obsidian, also in fenced
 * code inside a callout or a list item. A `%%` that no
 * later one closes stays text: Obsidian would hide the rest of the note, and a
 * field losing its end silently is worse than showing two percent signs.
 */
import { codeSpans, spanAt } from '../text/code-spans.js'
import {
  type ContainedFence,
  containedFenceLine,
  openingContainedFence,
} from '../text/container-fences.js'

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
  for (let start = 0; start <= text.length; ) {
    const newline = text.indexOf('\n', start)
    const end = newline === -1 ? text.length : newline
    const line = text.slice(start, end)
    // Inside a comment a fence is hidden with it: only outside one are lines code.
    const step = open === -1 ? fenceStep(fence, line) : undefined
    fence = step?.fence
    if (step?.code !== true) open = readLine(line, start, open, ranges)
    start = end + 1
  }
  // An unclosed `%%` is text; no `%%` follows it, so no comment after it was missed.
  return ranges
}

/** The comment reader's state between two lines of a field: a comment open, or the fence of a code block. */
export interface CommentState {
  open: boolean
  fence: ContainedFence | undefined
}

/** The state after `line`, read by `obsidianComments`' rule (for a reader that needs it line by line). */
export function commentStateAfterLine(state: CommentState, line: string): CommentState {
  if (!state.open) {
    const step = fenceStep(state.fence, line)
    if (step.code) return step.fence === state.fence ? state : { open: false, fence: step.fence }
  }
  return { open: commentOpenAfterLine(line, state.open), fence: undefined }
}

/**
 * A line read outside a comment: the fence open after it, and whether it is
 * code (a fence's opening, closing or inner line), whose `%%` is text. Fences
 * count in a callout or a list item too (`> ```bat`, `for %%i in …`).
 */
function fenceStep(
  fence: ContainedFence | undefined,
  line: string,
): { fence: ContainedFence | undefined; code: boolean } {
  if (fence !== undefined) {
    const place = containedFenceLine(line, fence)
    if (place === 'closing') return { fence: undefined, code: true }
    if (place === 'code') return { fence, code: true }
  }
  const opened = openingContainedFence(line)
  return { fence: opened, code: opened !== undefined }
}

/**
 * Whether a comment is open at the end of `line`, given whether one was open
 * at its start: the rule `obsidianComments` reads each line by, for the note
 * scanner, which hides whole card blocks inside comments.
 */
export function commentOpenAfterLine(line: string, openAtStart: boolean): boolean {
  if (!line.includes('%%')) return openAtStart
  return readLine(line, 0, openAtStart ? 0 : -1, []) !== -1
}

/**
 * Read one line's markers, `open` being where a comment opened (-1 outside
 * one); push the comments it closes and return where the one left open opened.
 */
function readLine(
  line: string,
  lineStart: number,
  open: number,
  ranges: Array<[number, number]>,
): number {
  let index = 0
  for (;;) {
    if (open !== -1) {
      // Inside a comment only its closing `%%` counts: code is hidden with it.
      const close = line.indexOf('%%', index)
      if (close === -1) return open
      ranges.push([open, lineStart + close + 2])
      open = -1
      index = close + 2
    } else {
      const marker = nextMarker(line, index)
      if (marker === -1) return -1
      open = lineStart + marker
      index = marker + 2
    }
  }
}

/** The next `%%` in `line` from `from` on that is not in a code span, or -1. */
function nextMarker(line: string, from: number): number {
  let index = line.indexOf('%%', from)
  if (index === -1) return -1
  const rest = line.slice(from)
  const spans = codeSpans(rest)
  while (index !== -1) {
    const span = spanAt(spans, index - from)
    if (span === undefined) return index
    index = line.indexOf('%%', span[1] + from)
  }
  return -1
}
