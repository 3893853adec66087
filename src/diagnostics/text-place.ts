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
  const point = (offset: number): PlacePoint => {
    const lines = text.slice(0, offset).split('\n')
    const line = start.line + lines.length - 1
    const column = lines.length === 1 ? start.column + offset : (lines.at(-1) as string).length + 1
    return { line, column }
  }
  return { start: point(index), end: point(index + length) }
}
