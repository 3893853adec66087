/**
 * Fitting styled terminal text into a width: prose wraps at word boundaries
 * and keeps its indent (a list item's continuation lines align with its
 * text, a quote's repeat the bar); code is never re-wrapped, only cut with a
 * marker. ANSI escape codes take no room and are never split.
 */
import { cellWidth } from './cell-width.js'
import { stripColors } from './colors.js'

const escapePattern = /\u001b\[[\d;]*m/y

/** Visible cells of a string: escape codes count 0, a code point as a terminal draws it (`cellWidth`). */
export function visibleWidth(text: string): number {
  let width = 0
  for (const unit of tokens(text)) if (!unit.escape) width += cellWidth(unit.text)
  return width
}

/** Escape codes and single code points, in order. */
function* tokens(text: string): Generator<{ text: string; escape: boolean }> {
  let index = 0
  while (index < text.length) {
    escapePattern.lastIndex = index
    const match = escapePattern.exec(text)
    if (match) {
      yield { text: match[0], escape: true }
      index += match[0].length
      continue
    }
    const point = String.fromCodePoint(text.codePointAt(index)!)
    yield { text: point, escape: false }
    index += point.length
  }
}

/** Cut a line to `width` cells, ending it with `marker` (which counts) when it was longer. */
export function cutLine(line: string, width: number, marker = '›'): string {
  if (visibleWidth(line) <= width) return line
  let result = ''
  let used = 0
  for (const unit of tokens(line)) {
    if (unit.escape) {
      result += unit.text
      continue
    }
    const cells = cellWidth(unit.text)
    if (used + cells > width - 1) {
      used = width
      continue
    }
    result += unit.text
    used += cells
  }
  // Reset styles before the marker, so it shows the same on every cut line.
  return `${result}${result.includes('\u001b[') ? '\u001b[0m' : ''}${marker}`
}

/**
 * Cut plain text (no escape codes) to `width` cells keeping its end, starting
 * it with `marker` (which counts) when it was longer: the end of a deck name
 * (its subdeck) says the most.
 */
export function keepEnd(text: string, width: number, marker = '…'): string {
  if (visibleWidth(text) <= width) return text
  const points = [...text]
  let kept = ''
  let used = 0
  for (let index = points.length - 1; index >= 0; index -= 1) {
    const cells = cellWidth(points[index]!)
    if (used + cells > width - 1) break
    kept = points[index] + kept
    used += cells
  }
  return `${marker}${kept}`
}

/** The prefix continuation lines repeat or align with: indent, bullet, number or quote bar. */
function hangingIndent(line: string): string {
  const plain = stripColors(line)
  const quote = /^(\s*│ )/.exec(plain)
  if (quote) return quote[1]!
  const prefix = /^(\s*(?:(?:•|\d+\.) (?:[☐☑] )?)?)/.exec(plain)![1]!
  return ' '.repeat([...prefix].length)
}

/**
 * Wrap one line of prose at word boundaries to `width` cells. A word longer
 * than the width is split (there is no better place). Styles opened on one
 * line continue on the next, as the terminal keeps them.
 */
export function wrapLine(line: string, width: number): string[] {
  if (visibleWidth(line) <= width) return [line]
  const indent = hangingIndent(line)
  // Too deep an indent for the width: do not indent continuation lines.
  const continuation = indent.length * 2 > width ? '' : indent
  const words = splitWords(line)
  const lines: string[] = []
  let current = ''
  let currentWidth = 0
  let pendingSpace = ''
  for (const word of words) {
    if (word.space) {
      pendingSpace += word.text
      continue
    }
    const wordWidth = visibleWidth(word.text)
    const spaceWidth = visibleWidth(pendingSpace)
    if (currentWidth > 0 && currentWidth + spaceWidth + wordWidth > width) {
      lines.push(current)
      current = continuation
      currentWidth = continuation.length
      pendingSpace = ''
    } else {
      current += pendingSpace
      currentWidth += spaceWidth
      pendingSpace = ''
    }
    let rest = word.text
    let restWidth = wordWidth
    // A single word wider than the line: split it where it must.
    while (currentWidth + restWidth > width && width - currentWidth > 0) {
      const [head, tail] = splitAt(rest, width - currentWidth)
      lines.push(current + head)
      current = continuation
      currentWidth = continuation.length
      rest = tail
      restWidth = visibleWidth(tail)
      if (continuation.length >= width) break
    }
    current += rest
    currentWidth += restWidth
  }
  if (current.trim() !== '' || lines.length === 0) lines.push(current)
  return lines
}

/** Runs of spaces and of everything else (escape codes stick to their word). */
function splitWords(line: string): { text: string; space: boolean }[] {
  const words: { text: string; space: boolean }[] = []
  for (const unit of tokens(line)) {
    const space = !unit.escape && unit.text === ' '
    const last = words.at(-1)
    if (last && last.space === space) last.text += unit.text
    else words.push({ text: unit.text, space })
  }
  return words
}

function splitAt(text: string, cells: number): [string, string] {
  let head = ''
  let used = 0
  let index = 0
  for (const unit of tokens(text)) {
    const width = unit.escape ? 0 : cellWidth(unit.text)
    // A wide character that would overhang the line goes to the next (at least one per line).
    if (!unit.escape && used + width > cells && used > 0) break
    if (!unit.escape && used >= cells) break
    head += unit.text
    index += unit.text.length
    used += width
  }
  return [head, text.slice(index)]
}
