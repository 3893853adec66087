import type { PlacePoint, PlaceRange } from './diagnostic.js'

/**
 * The place of `length` characters at `index` of a field's text, in a file
 * where the text starts at `start` and goes on line for line (a field that is
 * the file's text as written): its first line keeps `start`'s column, the
 * others start at column 1.
 */
export function placeInFieldText(
  text: string,
  index: number,
  length: number,
  start: PlacePoint,
): PlaceRange {
  const starts = lineStarts(text)
  const point = (offset: number): PlacePoint => {
    // The last line starting at or before `offset`.
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if ((starts[middle] as number) <= offset) low = middle
      else high = middle - 1
    }
    const line = start.line + low
    const column = low === 0 ? start.column + offset : offset - (starts[low] as number) + 1
    return { line, column }
  }
  return { start: point(index), end: point(index + length) }
}

/**
 * Where each line of `text` starts, kept for the last text asked about: a field's
 * places are asked one after another (a warning for each of its 40,000 deletions), and
 * reading the text up to each took the square of its length.
 */
let linesOf: { text: string; starts: number[] } = { text: '', starts: [0] }

function lineStarts(text: string): number[] {
  if (linesOf.text !== text) {
    const starts = [0]
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1))
      starts.push(at + 1)
    linesOf = { text, starts }
  }
  return linesOf.starts
}
