/**
 * One session at a time per state directory: its `lock` file (see
 * `locks/lock-file.ts`), taken only once the state files are known to be
 * writable, and the cleanup of temp files a killed session left.
 */

import { accessSync, constants, statSync } from 'node:fs'
import { join } from 'node:path'
import { removeFilesOfDeadWriters } from '../fs/dead-writers.js'
import { readRegularTextSync } from '../fs/regular-file.js'
import { temporaryWriter } from '../fs/write-atomic.js'
import { isLive, type LockAttempt, LockPathTakenError, parseHolder } from '../locks/lock-file.js'
import { lockInMadeFolder } from '../locks/lock-in-made-folder.js'
import { cardsFileName } from './cards-file.js'
import { reviewsFileName } from './review-log.js'
import { StateLockedError, StateNotWritableError } from './state-errors.js'

/**
 * Take the state directory for one session: a `lock` file naming this
 * process, linked into place atomically; a lock whose process is gone (a
 * kill -9) is taken over by exactly one session. Checks first that the
 * state files can be written, so an answer is never typed into a session
 * that cannot save it. Returns the release function, which also removes
 * the folders the lock made when the session left nothing in them (an
 * empty quiz, or one quit before its first answer): no state is kept that
 * holds none.
 */
export function lockStateDirectory(directory: string): () => void {
  const path = join(directory, 'lock')
  let attempt: LockAttempt
  try {
    attempt = lockInMadeFolder(directory, path, 'decklab quiz')
  } catch (error) {
    throw new StateNotWritableError(
      directory,
      error instanceof LockPathTakenError
        ? `its \`lock\` is ${error.kind}, where decklab keeps its lock file, so no session can take it`
        : `cannot create files in the state directory (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      { cause: error },
    )
  }
  if (!attempt.held) throw new StateLockedError(path, attempt.holder)
  const { release } = attempt
  try {
    for (const name of [cardsFileName, reviewsFileName]) checkWritable(join(directory, name))
    removeStaleTemps(directory)
  } catch (error) {
    release()
    throw error
  }
  return release
}

/**
 * Whether a session holds `directory` now (its lock names a live process).
 * Such a session planned its cards when it started: a note that had no ID
 * then is answered under its content key to the end of it, even after a
 * build or sync has written the note's ID meanwhile.
 */
export function sessionRunning(directory: string): boolean {
  let text: string
  try {
    text = readRegularTextSync(join(directory, 'lock'))
  } catch {
    return false
  }
  const holder = parseHolder(text)
  return holder !== undefined && isLive(holder)
}

/** A state file that exists must be writable, by its mode too (root ignores the mode). */
function checkWritable(path: string): void {
  let mode: number
  try {
    mode = statSync(path).mode
  } catch {
    return
  }
  let reason: string | undefined
  if ((mode & 0o222) === 0) reason = `is read-only (mode ${(mode & 0o777).toString(8)})`
  else {
    try {
      accessSync(path, constants.W_OK)
    } catch (error) {
      reason = `cannot be written (${(error as NodeJS.ErrnoException).code})`
    }
  }
  if (reason) throw new StateNotWritableError(path, reason)
}

/**
 * Temp files of `cards.json` left by a session that was killed (the lock is
 * ours, so theirs are stale): `.cards.json.<pid>-<hex>.tmp`, or
 * `cards.json.<pid>.tmp` as earlier versions named them.
 */
function removeStaleTemps(directory: string): void {
  // The lock is ours: any other writer of cards.json has ended.
  removeFilesOfDeadWriters(directory, cardsTempWriter, () => true)
}

/** The pid in the name of a `cards.json` temp file, or undefined for any other name. */
function cardsTempWriter(name: string): number | undefined {
  const earlier = /^cards\.json\.(\d+)\.tmp$/.exec(name)
  if (earlier) return Number(earlier[1])
  return name.startsWith(`.${cardsFileName}.`) ? temporaryWriter(name, '.tmp') : undefined
}
