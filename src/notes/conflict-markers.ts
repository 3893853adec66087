/**
 * Git's merge conflict markers left in a note file (`<<<<<<< HEAD`,
 * `=======`, `>>>>>>> other`, and diff3's `||||||| base`): the file is not
 * merged. Parsed as it is, a block holding them gives a card with both sides
 * and the marker lines as text (`=======` makes the line above a heading),
 * and a conflict around whole blocks gives both versions as cards. Neither
 * is a card anyone wrote, so it is an error, which stops the build and the
 * sync before anything is written. Lines in a code fence are text (a note
 * about git may show the markers).
 */
import type { Reporter } from '../diagnostics/reporter.js'
import type { SourceLine } from './text-lines.js'

const opening = /^<{7}(?:[ \t]|$)/
const separator = /^={7}[ \t]*$/
const closing = /^>{7}(?:[ \t]|$)/
/** A fence, also one opened on a field's prefix line (`Back: ```text`). */
const fenceOpen = /^(?: {0,3}|[^`~:]+:[ \t]*)(`{3,}|~{3,})/

/** Reports each conflict (its lines, from `<<<<<<<` to `>>>>>>>`) as `merge-conflict`. */
export function reportConflictMarkers(lines: readonly SourceLine[], report: Reporter): void {
  let fence: string | undefined
  let open: number | undefined
  let parted = false
  for (let index = 0; index < lines.length; index++) {
    const text = lines[index]!.text
    const marker = fenceOpen.exec(text)?.[1]
    if (fence !== undefined) {
      // Closed by a run of the same character at least as long, with nothing after it.
      if (
        marker !== undefined &&
        marker[0] === fence[0] &&
        marker.length >= fence.length &&
        text.trim() === marker
      )
        fence = undefined
      continue
    }
    if (marker !== undefined) fence = marker
    else if (opening.test(text)) [open, parted] = [index, false]
    else if (open !== undefined && separator.test(text)) parted = true
    else if (open !== undefined && parted && closing.test(text)) {
      report.error(
        'merge-conflict',
        'Unexpected git merge conflict markers (`<<<<<<<`, `=======`, `>>>>>>>`), expected a merged file',
        {
          place: {
            start: { line: open + 1, column: 1 },
            end: { line: index + 1, column: text.length + 1 },
          },
          hint: 'finish the merge: keep the lines you want, delete the markers and the other side (then `git add` the file)',
        },
      )
      open = undefined
    }
  }
}
