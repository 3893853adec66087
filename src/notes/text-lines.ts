import type { PlaceRange } from '../diagnostics/diagnostic.js'
import type { Point, Span } from '../model/note.js'

/** One line of a source text: its content without the line ending, and where it sits. */
export interface SourceLine {
  /** Content without `\n` or `\r\n`. */
  text: string
  /** Offset of the first character of the line. */
  start: number
  /** Offset just past the content (before the line ending). */
  end: number
}

/**
 * Split a text into lines, keeping offsets into the original text so `\n` and
 * `\r\n` files give the same line contents and still map back exactly.
 */
export function splitLines(text: string): SourceLine[] {
  const lines: SourceLine[] = []
  let start = 0
  for (;;) {
    const newline = text.indexOf('\n', start)
    if (newline === -1) {
      lines.push({ text: text.slice(start), start, end: text.length })
      return lines
    }
    const end = newline > start && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline
    lines.push({ text: text.slice(start, end), start, end })
    start = newline + 1
  }
}

/** Printable ASCII: never trimmed as white space (false for NaN, past the end). */
function isPrintableAscii(code: number): boolean {
  return code > 32 && code < 127
}

/** Whether a line is empty or only blanks: `text.trim() === ''` without making the trimmed string. */
export function isBlank(text: string): boolean {
  if (text.length === 0) return true
  // Printable ASCII is never blank: most lines are decided by their first character.
  if (isPrintableAscii(text.charCodeAt(0))) return false
  return text.trim() === ''
}

/** The 1-based line/column point of an offset (binary search over the line starts). */
export function pointAt(lines: readonly SourceLine[], offset: number): Point {
  let low = 0
  let high = lines.length - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if (lines[middle]!.start <= offset) low = middle
    else high = middle - 1
  }
  const line = lines[low] ?? { start: 0 }
  return { line: low + 1, column: offset - line.start + 1, offset }
}

/** The point at the start of line `index` (0-based), plus a column offset. */
export function lineStartPoint(lines: readonly SourceLine[], index: number, column = 0): Point {
  const line = lines[index]
  if (!line) return { line: 1, column: 1, offset: 0 }
  return { line: index + 1, column: column + 1, offset: line.start + column }
}

/** The span of line `index` (0-based) without its leading and trailing blanks. */
export function trimmedLineSpan(lines: readonly SourceLine[], index: number): Span {
  const line = lines[index]!
  const text = line.text
  // Most such lines (ID lines) have nothing to trim: tell by their edges, without trimmed copies.
  const nothingToTrim =
    isPrintableAscii(text.charCodeAt(0)) && isPrintableAscii(text.charCodeAt(text.length - 1))
  const leading = nothingToTrim ? 0 : text.length - text.trimStart().length
  const trailing = nothingToTrim ? 0 : text.length - text.trimEnd().length
  return {
    start: lineStartPoint(lines, index, leading),
    end: lineStartPoint(lines, index, line.text.length - trailing),
  }
}

/** The place of line `index` (0-based) from the 1-based `column` to the end of its content. */
export function linePlace(lines: readonly SourceLine[], index: number, column = 1): PlaceRange {
  const line = lines[index]
  const length = line ? line.end - line.start : 0
  return {
    start: { line: index + 1, column },
    end: { line: index + 1, column: Math.max(column, length + 1) },
  }
}

/** The place of lines `from`..`to` (0-based, inclusive): the first one's start to the last one's end. */
export function linesPlace(lines: readonly SourceLine[], from: number, to: number): PlaceRange {
  return { start: { line: from + 1, column: 1 }, end: linePlace(lines, Math.max(from, to)).end }
}

/** The line ending used by a text: the first one found, `\n` when there is none. */
export function detectEol(text: string): '\n' | '\r\n' {
  const newline = text.indexOf('\n')
  return newline > 0 && text.charCodeAt(newline - 1) === 13 ? '\r\n' : '\n'
}
