/**
 * The lines git writes around a merge conflict: `<<<<<<< ours`, `=======`
 * and `>>>>>>> theirs`. A note file (notes/conflict-markers.ts) and a quiz
 * state file (quiz/state-errors.ts) are both told apart as unmerged by them.
 */
export const conflictOpening = /^<{7}(?:[ \t]|$)/
export const conflictSeparator = /^={7}[ \t]*$/
export const conflictClosing = /^>{7}(?:[ \t]|$)/

/** Whether `line` is one of git's conflict marker lines. */
export function isConflictMarker(line: string): boolean {
  return conflictOpening.test(line) || conflictSeparator.test(line) || conflictClosing.test(line)
}
