/**
 * Exclusive lock files shared by processes: the quiz's state-directory lock
 * and the build's vault lock.
 *
 * - The lock appears complete or not at all: its text is written to a temp
 *   file that is then hard-linked to the lock name (`link` fails with
 *   `EEXIST` when the lock exists), so no reader ever sees an empty lock.
 *   A file system without hard links (exFAT, FAT: a USB stick; `link` fails
 *   with EPERM) gets the lock created exclusively (`O_EXCL`) and then
 *   written, so a reader may find it empty or half-written for a moment: a
 *   young lock whose text is not yet whole is held, not stale.
 * - The text names the holder: pid, the process's start time (from
 *   `/proc/<pid>/stat`) and what it is doing. A lock is live only while that
 *   very process runs, so a reused pid (or pid 1) never holds a lock.
 * - A stale lock (its process is gone) is taken over by one process only:
 *   the taker first creates a marker file named after the stale lock's text,
 *   exclusively, and removes the lock only while it still holds that text.
 *   The marker names its taker: it is abandoned only once that process is
 *   gone (or, empty on a full disk, once old), never while the taker is
 *   merely paused between its read and its unlink.
 */
import { createHash, randomBytes } from 'node:crypto'
import {
  closeSync,
  fsyncSync,
  linkSync,
  lstatSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
} from 'node:fs'
import { basename, dirname } from 'node:path'
import { isProcessGone, removeFilesOfDeadWriters } from '../fs/dead-writers.js'
import { NotRegularFileError, readRegularTextSync } from '../fs/regular-file.js'
import { writeAll } from '../fs/write-all.js'

/** What a lock file says about its holder. */
export interface LockHolder {
  pid: number
  /** The process's start time in clock ticks since boot (`/proc/<pid>/stat` field 22), or null where unknown. */
  start: number | null
  /** What the holder does, e.g. `decklab quiz`. */
  command: string
}

/** The outcome of one attempt: held (with its release), or busy (with the live holder). */
export type LockAttempt = { held: true; release: () => void } | { held: false; holder: LockHolder }

/**
 * Something other than a lock file holds the lock's name (a folder, a FIFO):
 * no lock can be taken there, and decklab never removes what it did not make.
 */
export class LockPathTakenError extends Error {
  readonly code = 'ELOCKPATH'
  readonly path: string
  /** What is there, e.g. "a folder". */
  readonly kind: string
  constructor(path: string, kind: string) {
    super(`${path} is ${kind}, where decklab keeps its lock file`)
    this.name = 'LockPathTakenError'
    this.path = path
    this.kind = kind
  }
}

/**
 * The holder of a lock whose text is not whole yet (being written by a taker
 * without hard links): pid 0, which no holder has, says it is not known.
 */
export const holderTakingLock: LockHolder = { pid: 0, start: null, command: '' }

/** A takeover marker older than this is left from a taker that died mid-way. */
const abandonedMarkerMs = 5_000

/** The start time of a process (clock ticks since boot), or undefined when it does not exist. */
export function processStart(pid: number): number | null | undefined {
  let stat: string
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    return null
  }
  // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so split after the last `)`.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const start = Number(fields[19])
  return Number.isSafeInteger(start) ? start : null
}

function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')
  } catch {
    return undefined
  }
}

/** This process as a lock holder. */
export function selfHolder(command: string): LockHolder {
  return { pid: process.pid, start: processStart(process.pid) ?? null, command }
}

/**
 * Parse a lock's text. Besides decklab's JSON, a bare pid (the format of
 * earlier versions) is read with an unknown start time.
 */
export function parseHolder(text: string): LockHolder | undefined {
  const trimmed = text.trim()
  if (/^\d+$/.test(trimmed)) return { pid: Number(trimmed), start: null, command: '' }
  try {
    const value = JSON.parse(trimmed) as Partial<LockHolder>
    if (!Number.isSafeInteger(value.pid) || (value.pid as number) <= 0) return undefined
    const start = Number.isSafeInteger(value.start) ? (value.start as number) : null
    return { pid: value.pid as number, start, command: String(value.command ?? '') }
  } catch {
    return undefined
  }
}

/**
 * Whether the process that wrote the lock still runs: same pid and same
 * start time. Without a recorded start time (an old lock), the process
 * must at least be a decklab one.
 */
export function isLive(holder: LockHolder): boolean {
  if (holder.pid === process.pid) return false
  const start = processStart(holder.pid)
  if (start === undefined) return false
  if (start === null) return !isProcessGone(holder.pid)
  if (holder.start !== null) return holder.start === start
  return /decklab|dist\/src\/main\.js/.test(commandLine(holder.pid) ?? '')
}

function readLock(path: string): string | undefined {
  try {
    return readRegularTextSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      // A link to nothing there makes the lock's link EEXIST and its read ENOENT, every
      // attempt: it was told as "another unknown (pid 0)" holding the lock.
      if (lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink()) {
        throw new LockPathTakenError(path, 'a symbolic link to nothing')
      }
      return undefined
    }
    if (error instanceof NotRegularFileError) throw new LockPathTakenError(path, error.kind)
    throw error
  }
}

function isOld(path: string, ageMs: number): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs > ageMs
  } catch {
    return false
  }
}

/**
 * Whether a takeover marker was left by a taker that died: the process it
 * names is gone, or it names none (empty: a full disk) and is old. A taker
 * paused between its read of the stale lock and its unlink (Ctrl-Z, a
 * loaded machine) is not: when its marker was cleared by age alone, another
 * process took the lock over meanwhile and the paused one, resumed, removed
 * that live lock, so both held it.
 */
function markerTaker(marker: string): LockHolder | 'abandoned' | undefined {
  let text: string
  try {
    text = readFileSync(marker, 'utf8')
  } catch {
    return undefined
  }
  const taker = parseHolder(text)
  if (taker !== undefined && text.endsWith('\n')) return isLive(taker) ? taker : 'abandoned'
  return isOld(marker, abandonedMarkerMs) ? 'abandoned' : undefined
}

/**
 * Remove a stale lock whose text is `stale`, unless another process is
 * already doing so (or has done so). Returns whether this call removed it,
 * or the live process taking it over, which holds the lock meanwhile.
 */
function takeOver(path: string, stale: string, command: string): boolean | LockHolder {
  const marker = `${path}.takeover-${createHash('sha256').update(stale).digest('hex').slice(0, 16)}`
  let descriptor: number
  try {
    descriptor = openSync(marker, 'wx', 0o600)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    // Another process is taking over; a marker left by one that died is cleared.
    const taker = markerTaker(marker)
    if (taker !== 'abandoned') return taker ?? false
    rmSync(marker, { force: true })
    return false
  }
  try {
    // Who takes over: a taker paused past the marker's age (Ctrl-Z) still holds it.
    writeAll(descriptor, Buffer.from(`${JSON.stringify(selfHolder(command))}\n`, 'utf8'))
  } catch {
    // A full disk: the empty marker is abandoned by its age alone, as before.
  } finally {
    closeSync(descriptor)
  }
  try {
    // Only the marker's holder may remove a lock with this text, so it cannot change in between.
    if (readLock(path) !== stale) return false
    removeStale(path, stale)
    return true
  } finally {
    rmSync(marker, { force: true })
  }
}

/**
 * Unlink the stale lock; gone already is fine. Not rmSync: when unlink is
 * refused (EPERM: another user's file in a sticky folder), rmSync tries
 * rmdir and reports its ENOTDIR.
 */
function removeStale(path: string, stale: string): void {
  try {
    unlinkSync(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return
    if (code === 'EPERM' || code === 'EACCES') {
      throw new StaleLockStuckError(path, parseHolder(stale), code, error)
    }
    throw error
  }
}

/** A stale lock this user may not remove: another user's, in a folder with the sticky bit. */
export class StaleLockStuckError extends Error {
  readonly code: string
  readonly path: string
  /** Who held it, when its text names a holder. */
  readonly holder: LockHolder | undefined
  constructor(path: string, holder: LockHolder | undefined, code: string, cause: unknown) {
    super(`${path} is a stale lock this user may not remove (${code})`, { cause })
    this.name = 'StaleLockStuckError'
    this.code = code
    this.path = path
    this.holder = holder
  }
}

/**
 * One attempt to take the lock at `path` for `command`. Throws the file
 * system's error when the folder cannot be written (EACCES, EROFS, ENOENT),
 * and `LockPathTakenError` when something else is at `path`.
 */
export function tryLock(path: string, command: string): LockAttempt {
  const text = `${JSON.stringify(selfHolder(command))}\n`
  const temp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.new`
  try {
    // Inside the try: a write that fails (a full disk) leaves no temp file behind.
    writeFileSynced(temp, text, 'wx')
    for (let attempt = 0; attempt < 20; attempt += 1) {
      if (placeLock(temp, path, text)) {
        removeDeadTemps(path)
        return { held: true, release: releaser(path, text) }
      }
      const current = readLock(path)
      if (current === undefined) continue
      const holder = parseHolder(current)
      if (holder && isLive(holder)) return { held: false, holder }
      // Being written by a taker without hard links: taking it over would give two holders.
      if (!holder && !current.endsWith('\n') && !isOld(path, abandonedMarkerMs)) {
        return { held: false, holder: holderTakingLock }
      }
      const taken = takeOver(path, current, command)
      // Named as the holder: the stale lock's process is gone, this one is taking its place.
      if (typeof taken === 'object') return { held: false, holder: taken }
      if (!taken) pause(5 + Math.random() * 20)
    }
    const holder = parseHolder(readLock(path) ?? '')
    return { held: false, holder: holder ?? holderTakingLock }
  } finally {
    rmSync(temp, { force: true })
  }
}

/**
 * Put the lock's text at `path` unless a lock is there (false). Hard-links
 * the complete `temp`; where the file system has no hard links (EPERM, as
 * exFAT and FAT give, or ENOSYS/EOPNOTSUPP), creates `path` exclusively and
 * writes it, removing it again when the write fails (a full disk). Without
 * this a vault on a USB stick could not be built (`vault-not-writable`,
 * "EPERM") nor quizzed with its state there.
 */
function placeLock(temp: string, path: string, text: string): boolean {
  try {
    linkSync(temp, path)
    return true
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return false
    if (code !== 'EPERM' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw error
  }
  let descriptor: number
  try {
    descriptor = openSync(path, 'wx', 0o644)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
  try {
    writeAll(descriptor, Buffer.from(text, 'utf8'))
    fsyncSync(descriptor)
  } catch (error) {
    rmSync(path, { force: true })
    throw error
  } finally {
    closeSync(descriptor)
  }
  return true
}

/**
 * The temp files of this lock (`<lock>.<pid>-<hex>.new`) that a process
 * killed while taking it left, removed once the lock is held: only that
 * form, only regular files, only when their process is gone.
 */
function removeDeadTemps(path: string): void {
  const prefix = `${basename(path)}.`
  const writerOf = (name: string) => {
    if (!name.startsWith(prefix)) return undefined
    const match = /^(\d+)-[0-9a-f]{8}\.new$/.exec(name.slice(prefix.length))
    return match ? Number(match[1]) : undefined
  }
  removeFilesOfDeadWriters(dirname(path), writerOf, isProcessGone)
}

/**
 * Write `text` to a new file (mode 644 before the umask, `flag` as for `open`) and fsync it
 * before returning. Readable by others: a user sharing the folder (a group's vault) must read
 * who holds the lock to wait for it; at 600 theirs failed with EACCES, and a sync went on
 * without the lock. It names only a pid, its start time and the command.
 */
export function writeFileSynced(path: string, text: string, flag: 'w' | 'wx'): void {
  const descriptor = openSync(path, flag, 0o644)
  try {
    // All of it or an error: a short write (a disk nearly full) made a lock of half a line.
    writeAll(descriptor, Buffer.from(text, 'utf8'))
    fsyncSync(descriptor)
  } finally {
    closeSync(descriptor)
  }
}

/** Locks this process holds, released when it exits without their `finally` (`process.exit`). */
const held = new Set<() => void>()
let releasedOnExit = false

/** The release function: removes the lock only while it is still this process's. */
function releaser(path: string, text: string): () => void {
  let released = false
  const release = () => {
    if (released) return
    released = true
    held.delete(release)
    try {
      if (readLock(path) === text) rmSync(path, { force: true })
    } catch {
      // A lock that cannot be read or removed is stale once this process ends.
    }
  }
  held.add(release)
  // A reader gone from stdout (`| head`) ends the process at once, skipping every `finally`.
  if (!releasedOnExit) {
    releasedOnExit = true
    process.on('exit', () => {
      for (const release of [...held]) release()
    })
  }
  return release
}

const sleeper = new Int32Array(new SharedArrayBuffer(4))

/** Block this thread for `ms` (the quiz's lock is taken synchronously). */
function pause(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms)
}
