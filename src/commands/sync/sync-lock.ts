/**
 * One sync at a time per state directory and Anki address: a lock file
 * beside the sync records (`sync/<key>.lock`, see `locks/lock-file.ts`),
 * held for the whole run, from before the notes are read until the record
 * is saved for the last time. Two syncs at once would add the same notes
 * twice (Anki refusing one of each pair) and each overwrite the other's
 * record. A second sync is refused at once, naming the holder; a lock left
 * by a killed sync is taken over. A dry run takes no lock: it writes
 * nothing, and the record is replaced atomically, so it never reads a
 * half-written one.
 */
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { DecklabError } from '../../errors.js'
import { isDiskFull, writeFailureReason } from '../../fs/write-failure.js'
import { type LockAttempt, LockPathTakenError } from '../../locks/lock-file.js'
import { lockInMadeFolder } from '../../locks/lock-in-made-folder.js'
import { holderName } from '../../locks/wait-for-lock.js'
import { ankiAddressKey } from '../../sync/anki-url.js'

/** The lock file of the syncs with this Anki from this state directory. */
export function syncLockPath(stateDirectory: string, url: string): string {
  // One lock per Anki, however `--url` spells its loopback address (as its record).
  const key = createHash('sha256').update(ankiAddressKey(url)).digest('hex').slice(0, 16)
  return join(stateDirectory, 'sync', `${key}.lock`)
}

/** Take the lock; returns its release. A `DecklabError` (exit 2) when another sync holds it. */
export function lockSync(stateDirectory: string, url: string, cwd: string): () => void {
  const path = syncLockPath(stateDirectory, url)
  let attempt: LockAttempt
  try {
    // A first sync that saves nothing (Anki unreachable) leaves no empty state folder behind.
    attempt = lockInMadeFolder(join(stateDirectory, 'sync'), path, `decklab sync in ${cwd}`)
  } catch (error) {
    if (error instanceof LockPathTakenError) {
      throw new DecklabError(
        'state-not-writable',
        `Unexpected ${path}: it is ${error.kind}, expected decklab's sync lock file there: nothing was sent to Anki. Move it away, or choose another state folder with --state.`,
        { cause: error },
      )
    }
    // In words where the code alone misleads: a file named `sync` in the state folder was
    // "(EEXIST)", and a full disk asked for a writable folder.
    const full = isDiskFull(error)
    throw new DecklabError(
      'state-not-writable',
      `Cannot take the sync lock ${path}: ${writeFailureReason(error)}, expected ${full ? 'room on its disk' : 'a writable state folder'}: nothing was sent to Anki. ${full ? 'Free some space there' : 'Make it writable (a file in the way moved aside)'}, or choose another with --state.`,
      { cause: error },
    )
  }
  if (attempt.held) return attempt.release
  const { holder } = attempt
  throw new DecklabError(
    'sync-locked',
    `Unexpected sync already running with ${url} from this state folder (${holder.pid === 0 ? holderName(holder) : `${holder.command || 'decklab sync'}, pid ${holder.pid}`}; lock ${path}), expected none: nothing was sent to Anki. Wait for it to finish, then sync again.`,
  )
}
