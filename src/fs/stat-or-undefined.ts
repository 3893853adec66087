/**
 * A path's stats, or undefined when nothing can be seen there: missing, or
 * not to be looked at (a link that loops, `ELOOP`; a folder this user may
 * not search, `EACCES`; a file where a folder should be, `ENOTDIR`). For
 * checks that only ask what is there and leave the reason to the step that
 * reports it: `statSync`'s `throwIfNoEntry: false` still throws on these.
 */
import { type Stats, statSync } from 'node:fs'

export function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path)
  } catch {
    return undefined
  }
}
