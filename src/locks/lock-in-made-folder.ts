/**
 * A lock file in a folder the command may have to make (a first quiz, a first sync),
 * and the undoing of that folder when the command ends with nothing saved in it: no
 * empty state folder is left behind by a run that kept nothing.
 */
import { existsSync, rmdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { makeFolder } from '../fs/make-folder.js'
import { type LockAttempt, tryLock } from './lock-file.js'

/**
 * Make `directory` (when missing) and take the lock `path` in it for `command`.
 * The release of a lock taken also removes the folders this run made, while
 * they are empty (`removeIfEmpty`). Another run that made the folder and ended
 * with nothing saved removes it so, maybe between this one finding it made and
 * taking the lock: a folder gone by then is made again, a few times, rather
 * than reported unwritable.
 */
export function lockInMadeFolder(directory: string, path: string, command: string): LockAttempt {
  for (let tries = 1; ; tries += 1) {
    const made = makeFolder(directory, 0o700)
    let attempt: LockAttempt
    try {
      attempt = tryLock(path, command)
    } catch (error) {
      const gone = (error as NodeJS.ErrnoException).code === 'ENOENT' && !existsSync(directory)
      if (!gone || tries === 5) throw error
      continue
    }
    if (!attempt.held || made === undefined) return attempt
    const { release } = attempt
    return {
      held: true,
      release: () => {
        release()
        removeIfEmpty(directory, made)
      },
    }
  }
}

/**
 * Remove `directory` and the folders above it up to `top` (the first one
 * `lockInMadeFolder` made), each only while it is empty: a folder that holds
 * anything (a saved answer, a sync's record, another run's lock) stays, and so
 * do those above it.
 */
function removeIfEmpty(directory: string, top: string): void {
  let folder = directory
  for (;;) {
    try {
      rmdirSync(folder)
    } catch {
      return
    }
    if (folder === top) return
    const parent = dirname(folder)
    if (parent === folder) return
    folder = parent
  }
}
