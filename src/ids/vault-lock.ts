/**
 * The vault lock: one decklab at a time writes IDs into a vault. Held only
 * around the write-back, after checking that no note changed since it was
 * read; a build that finds a change (another build wrote its IDs) starts
 * over, so it allocates past every ID the other one wrote. Refusals exit 2
 * without the usage line: `vault-locked` (another decklab kept it past the
 * wait), `vault-not-writable` (no lock file can be made there).
 */
import { join } from 'node:path'
import { DecklabError } from '../errors.js'
import { readRegularFileSync } from '../fs/regular-file.js'
import { isDiskFull, writeFailureReason } from '../fs/write-failure.js'
import { signalTurns, throwIfInterrupted } from '../interrupt.js'
import {
  type LockAttempt,
  LockPathTakenError,
  StaleLockStuckError,
  tryLock,
} from '../locks/lock-file.js'
import { holderName, waitForLock } from '../locks/wait-for-lock.js'
import { defaultLockWaitMs } from '../locks/wait-notice.js'
import type { WritableSource } from './plan.js'
import { originalBytes } from './write-back.js'

/** The lock file's name in the vault root (a dot-file: no note scan or Obsidian shows it). */
export const vaultLockName = '.decklab.lock'

export interface VaultLockOptions {
  /** How long to wait for another decklab to finish; default 60 s. */
  waitMs?: number | undefined
  signal?: AbortSignal | undefined
  /** Who holds the lock, as another decklab waiting for it names it; default `decklab build`. */
  command?: string | undefined
  /**
   * A vault root where no lock file can be made (a read-only folder) is left
   * unlocked instead of refused: for sync, which locks before it knows whether
   * any ID will be written (and refuses each note it cannot write on its own).
   */
  unlockable?: 'skip' | undefined
  /** Told once, when another decklab holds a lock, who it is (`decklab sync (pid 42)`), before waiting. */
  onWait?: ((holder: string) => void) | undefined
}

/**
 * Take the lock of every vault root (in sorted order, so two builds never
 * wait on each other), waiting while another decklab holds one.
 */
export async function lockVaults(
  roots: Iterable<string>,
  options: VaultLockOptions = {},
): Promise<() => void> {
  const releases: Array<() => void> = []
  const releaseAll = () => {
    for (const release of releases.splice(0).reverse()) release()
  }
  const deadline = Date.now() + (options.waitMs ?? defaultLockWaitMs)
  try {
    for (const root of [...new Set(roots)].sort()) {
      releases.push(await lockOne(join(root, vaultLockName), deadline, options))
    }
  } catch (error) {
    releaseAll()
    throw error
  }
  return releaseAll
}

async function lockOne(
  path: string,
  deadline: number,
  { signal, command, unlockable, onWait }: VaultLockOptions,
): Promise<() => void> {
  const take = (): LockAttempt => {
    try {
      return tryLock(path, command ?? 'decklab build')
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      // Before sync's skip of an unwritable root: this root is writable, and going on
      // without its lock would let another decklab write IDs into it at the same time.
      if (error instanceof StaleLockStuckError) {
        const holder = error.holder ? ` (pid ${error.holder.pid})` : ''
        throw new DecklabError(
          'vault-not-writable',
          `Cannot lock the vault to write IDs: \`${path}\` is a lock left by a decklab that has ended${holder}, and this user may not remove it (${error.code}: it is another user's, in a folder with the sticky bit, where only a file's owner or root may remove it), expected a lock this user can take over; ask its owner or root to remove it (or use \`--frozen\`)`,
          { cause: error },
        )
      }
      if (unlockable === 'skip' && (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')) {
        return { held: true, release: () => undefined }
      }
      if (error instanceof LockPathTakenError) {
        throw new DecklabError(
          'vault-not-writable',
          `Unexpected \`${path}\`: it is ${error.kind}, expected decklab's lock file there (it keeps two builds from writing IDs at once); move it away, or use \`--frozen\``,
          { cause: error },
        )
      }
      // A full disk is no folder to make writable: it was "ENOSPC, expected a writable vault folder".
      if (isDiskFull(error) || code === 'EIO') {
        throw new DecklabError(
          'system-error',
          `Cannot lock the vault to write IDs (\`${path}\`): ${writeFailureReason(error)}, expected room on its disk: free some space there and run again (or use \`--frozen\`)`,
          { cause: error },
        )
      }
      throw new DecklabError(
        'vault-not-writable',
        `Cannot lock the vault to write IDs (\`${path}\`): ${code ?? String(error)}, expected a writable vault folder (or use \`--frozen\`)`,
        { cause: error },
      )
    }
  }
  const taken = await waitForLock(take, deadline, { signal, onWait })
  if ('release' in taken) return taken.release
  throw new DecklabError(
    'vault-locked',
    `Unexpected lock \`${path}\`: ${holderName(taken.holder)} is writing IDs into this vault, expected it to finish; run again when it has`,
  )
}

/**
 * The sources whose bytes differ from what was read (or that are gone, or
 * no longer a regular file: a FIFO put there is never opened blocking, so
 * it cannot hang the build while it holds the lock). Stops at a signal.
 *
 * Read on the calling thread, as the vault loader reads them: this runs over
 * every file of the vaults before each write-back and each sync, and a
 * promise and a thread-pool hop for each of a read's five steps cost several
 * times the read (20,000 small notes: seconds instead of a fraction of one).
 */
export async function changedSources<S extends WritableSource>(
  sources: readonly S[],
  signal?: AbortSignal | undefined,
): Promise<S[]> {
  throwIfInterrupted(signal)
  const turns = signalTurns(signal)
  const changed: S[] = []
  // One buffer for every note that fits: each is compared as soon as it is read.
  const into = Buffer.allocUnsafe(64 * 1024)
  for (const source of sources) {
    if (turns.due()) await turns.turn()
    let current: Buffer
    try {
      current = readRegularFileSync(source.absolutePath, { into }).bytes
    } catch {
      changed.push(source)
      continue
    }
    if (!current.equals(originalBytes(source))) changed.push(source)
  }
  return changed
}
