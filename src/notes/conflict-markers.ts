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
import {
  conflictClosing as closing,
  conflictOpening as opening,
  conflictSeparator as separator,
} from '../text/conflict-marker-lines.js'
import { closesFence, type Fence, openingFence } from '../text/fences.js'
import type { SourceLine } from './text-lines.js'

/** A field's prefix (`Back: `), after which a fence may open (`Back: ```text`). */
const fieldPrefix = /^[^`~:]+:[ \t]*/

/** Reports each conflict (its lines, from `<<<<<<<` to `>>>>>>>`) as `merge-conflict`. */
export function reportConflictMarkers(lines: readonly SourceLine[], report: Reporter): void {
  let fence: Fence | undefined
  let open: number | undefined
  let parted = false
  for (let index = 0; index < lines.length; index++) {
    const text = lines[index]!.text
    if (fence !== undefined) {
      if (closesFence(text, fence)) fence = undefined
      continue
    }
    const opened = fenceOpenedBy(text)
    if (opened !== undefined) fence = opened
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

/**
 * The fence a line opens, on a line of its own or after a field's prefix. Any
 * `Name:` counts as a prefix here, without the note type the block scanner
 * knows: a conflict may have broken the block around it.
 */
function fenceOpenedBy(text: string): Fence | undefined {
  const opened = openingFence(text)
  if (opened !== undefined) return opened
  const prefix = fieldPrefix.exec(text)
  return prefix === null ? undefined : openingFence(text.slice(prefix[0].length))
}
