/**
 * Where a point of a file as read lies once its planned IDs are written:
 * each new ID line moves the text below it (an inline ID, the rest of its
 * line), and lines a sync took out (`DELETE` markers) move it up. A build that writes IDs records what it found for the builds that
 * keep its package, and those read the files with the IDs in.
 */
import type { PlacePoint } from '../diagnostics/diagnostic.js'
import { idText } from './insert.js'
import type { FileIdEdit } from './plan.js'

/**
 * A point of the file as read, in the file as written. A point right at an
 * insertion moves past it: an ID goes inside its note (before `END` or
 * `ENDI`, or at the end of a regex match, which then takes it in), so the
 * note's end, exclusive, stays its end.
 */
export type MovePoint = (point: PlacePoint) => PlacePoint

/** The mover of one file's points through its edit. */
export function pointsAsWritten(edit: FileIdEdit): MovePoint {
  const { text } = edit.source
  const read = lineStarts(text)
  const written = lineStarts(edit.text)
  const eol = edit.source.eol ?? '\n'
  // What `insertIds` inserts at each offset: only its length matters here.
  const insertions = edit.insertions
    .map((insertion) => ({
      offset: insertion.offset,
      length: idText(insertion, text, eol).length,
    }))
    .sort((a, b) => a.offset - b.offset)
  const removals = edit.removals ?? []
  return (point) => {
    const start = read[point.line - 1]
    // Not a point of this text: nothing to move it by.
    if (start === undefined) return point
    const offset = start + point.column - 1
    let moved = offset
    for (const insertion of insertions) {
      if (insertion.offset > offset) break
      moved += insertion.length
    }
    // Text taken out above moves the point up; a point inside it goes to where it was.
    for (const removal of removals) {
      if (removal.offset < offset) moved -= Math.min(removal.length, offset - removal.offset)
    }
    return pointAt(written, moved)
  }
}

/** The offset of each line's first character (lines end at `\n`, as the parser's do). */
function lineStarts(text: string): number[] {
  const starts = [0]
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
    starts.push(index + 1)
  }
  return starts
}

/** The 1-based point of an offset, by binary search over the line starts. */
function pointAt(starts: readonly number[], offset: number): PlacePoint {
  let low = 0
  let high = starts.length - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if (starts[middle]! <= offset) low = middle
    else high = middle - 1
  }
  return { line: low + 1, column: offset - starts[low]! + 1 }
}
