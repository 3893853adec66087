/**
 * The warning for a note no longer read as a card whose ID is still written
 * in a file (its block indented, or its `START` line broken): `build` does
 * not name it removed and `sync` does not delete it from Anki.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { createReporter } from '../diagnostics/reporter.js'
import type { IdPlace } from './allocate.js'

export function idNotInCardWarning(
  id: number,
  place: IdPlace,
  /** What the command did not do (`it was not deleted from Anki`), and how the note comes back. */
  kept: { outcome: string; again: string; otherwise: string },
  diagnostics?: Diagnostic[],
): Diagnostic {
  return createReporter(place.file, diagnostics).warning(
    'id-not-in-card',
    // The line is the warning's own place (moved below any ID line the command writes above it),
    // not repeated here, where it would stay the line as read.
    `Unexpected ID ${id} outside any card (an indented or broken block?), expected it in a card: note ${id} is no longer read as a card but its ID line is still in ${place.file}, so ${kept.outcome}`,
    {
      place: { line: place.line, column: 1 },
      hint: `Fix the block (START and END at the start of a line) to ${kept.again}, or take out its ID line to have it ${kept.otherwise}.`,
    },
  )
}
