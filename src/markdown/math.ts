/**
 * Obsidian math, read as markdown-it rules: `$…$` is a `math_inline` token
 * (markup `$` or `$$`), `$$…$$` starting a block a `math_block` token.
 * Fences are protected by the parser itself, and a code span before the
 * closing `$` wins over the math (as the plugin masks code before math:
 * `Set $PATH with \`PATH=$HOME\`` keeps its code span). Math content is
 * never touched by emphasis. How a formula is shown is the renderer's: the
 * Anki renderer writes MathJax delimiters (src/render/math.ts), the terminal
 * the formula as written.
 */
import type MarkdownIt from 'markdown-it'
import type { StateBlock, StateInline, Token } from 'markdown-it'

const dollar = 0x24
const backslash = 0x5c
const backtick = 0x60

/** Install the inline and block math rules. */
export function mathRules(markdown: MarkdownIt): void {
  markdown.inline.ruler.after('escape', 'math_inline', mathInline)
  markdown.block.ruler.before('fence', 'math_block', mathBlock)
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39
}

/** A formula found: emit its token (unless only probing) and continue after `end`. */
function acceptMath(
  state: StateInline,
  silent: boolean,
  markup: string,
  content: string,
  end: number,
): true {
  if (!silent) {
    const token = state.push('math_inline', 'math', 0)
    token.markup = markup
    token.content = content
  }
  state.pos = end
  return true
}

/**
 * Pandoc's rule: the opening `$` is followed by a non-space, the closing `$`
 * follows a non-space and is not followed by a digit, so `$5 and $10` is text.
 * Unlike the plugin, `$…$` stays on one line, so a stray `$` cannot pair
 * with one lines later.
 */
function mathInline(state: StateInline, silent: boolean): boolean {
  const source = state.src
  const start = state.pos
  if (source.charCodeAt(start) !== dollar) return false
  const max = state.posMax
  if (source.charCodeAt(start + 1) === dollar) {
    const close = source.indexOf('$$', start + 2)
    if (close === -1 || close + 2 > max || source.slice(start + 2, close).trim() === '') {
      // Not math: consume both dollars so the second one cannot open inline math.
      if (!silent) state.pending += '$$'
      state.pos = start + 2
      return true
    }
    return acceptMath(state, silent, '$$', source.slice(start + 2, close), close + 2)
  }
  if (start + 1 >= max || isSpace(source.charCodeAt(start + 1))) return false
  let position = start + 1
  while (position < max) {
    const code = source.charCodeAt(position)
    if (code === 0x0a) return false
    if (code === backslash) {
      position += 2
      continue
    }
    if (code === backtick) {
      // A code span opening before the closing `$` takes its `$` (and the
      // text after it): this `$` is text. A run with no closer is text too.
      const run = codeSpanAt(source, position, max)
      if (run.closes) return false
      position += run.length
      continue
    }
    if (
      code === dollar &&
      !isSpace(source.charCodeAt(position - 1)) &&
      !isDigit(source.charCodeAt(position + 1))
    ) {
      return acceptMath(state, silent, '$', source.slice(start + 1, position), position + 1)
    }
    position += 1
  }
  return false
}

/** The backtick run at `position`: its length, and whether a run as long closes it before `max`. */
function codeSpanAt(
  source: string,
  position: number,
  max: number,
): { length: number; closes: boolean } {
  let end = position
  while (end < max && source.charCodeAt(end) === backtick) end += 1
  const length = end - position
  // CommonMark: the closer is the next run of exactly this length (escapes do not apply in code).
  const starts = backtickRuns(source).get(length)
  const closer = starts === undefined ? -1 : firstAtOrAfter(starts, end)
  return { length, closes: closer !== -1 && closer < max }
}

/** The last source's backtick runs, their starts by run length: scanned once however many `$` it holds. */
let lastRuns: { source: string; byLength: Map<number, number[]> } | undefined

function backtickRuns(source: string): Map<number, number[]> {
  if (lastRuns?.source === source) return lastRuns.byLength
  const byLength = new Map<number, number[]>()
  let at = source.indexOf('`')
  while (at !== -1) {
    let end = at
    while (source.charCodeAt(end) === backtick) end += 1
    const starts = byLength.get(end - at)
    if (starts === undefined) byLength.set(end - at, [at])
    else starts.push(at)
    at = source.indexOf('`', end)
  }
  lastRuns = { source, byLength }
  return byLength
}

/** The first of the ascending `values` at or after `offset`, else -1. */
function firstAtOrAfter(values: readonly number[], offset: number): number {
  let low = 0
  let high = values.length
  while (low < high) {
    const middle = (low + high) >> 1
    if (values[middle]! < offset) low = middle + 1
    else high = middle
  }
  return low < values.length ? values[low]! : -1
}

/** `$$` at the start of a block, up to a line ending in `$$` (blank lines allowed inside). */
function mathBlock(
  state: StateBlock,
  startLine: number,
  endLine: number,
  silent: boolean,
): boolean {
  let position = state.bMarks[startLine]! + state.tShift[startLine]!
  const lineEnd = state.eMarks[startLine]!
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false
  if (!state.src.startsWith('$$', position)) return false
  position += 2
  const firstLine = state.src.slice(position, lineEnd)
  let content: string
  let nextLine = startLine
  const sameLineClose = firstLine.trimEnd()
  if (sameLineClose.length > 2 && sameLineClose.endsWith('$$')) {
    content = sameLineClose.slice(0, -2)
    // `$$a$$ and more` is inline math in a paragraph, not a block.
    if (content.includes('$$')) return false
  } else {
    if (firstLine.includes('$$')) return false
    const lines = [firstLine]
    let found = false
    while (++nextLine < endLine) {
      const start = state.bMarks[nextLine]! + state.tShift[nextLine]!
      const line = state.src.slice(start, state.eMarks[nextLine]!).trimEnd()
      if (state.sCount[nextLine]! < state.blkIndent) break
      if (line.endsWith('$$')) {
        lines.push(line.slice(0, -2))
        found = true
        break
      }
      lines.push(line)
    }
    if (!found) return false
    content = lines.join('\n')
  }
  if (content.trim() === '') return false
  if (silent) return true
  state.line = nextLine + 1
  const token: Token = state.push('math_block', 'math', 0)
  token.block = true
  token.content = content
  token.markup = '$$'
  token.map = [startLine, state.line]
  return true
}
