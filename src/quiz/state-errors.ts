/** How the quiz's state directory can fail: damaged, locked by another session, not readable or not writable. */
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  lstatSync,
  readlinkSync,
  readSync,
  statSync,
} from 'node:fs'
import { dirname, resolve } from 'node:path'
import { crc32 } from 'node:zlib'
import { DecklabError } from '../errors.js'
import { isNoSuchFile } from '../fs/no-such-file.js'
import {
  fileKind,
  NotRegularFileError,
  openRegularFileSync,
  readRegularFileSync,
} from '../fs/regular-file.js'
import { isDiskFull, writeFailureReason } from '../fs/write-failure.js'
import type { LockHolder } from '../locks/lock-file.js'
import { holderName } from '../locks/wait-for-lock.js'
import { terminalPath } from '../terminal/safe-text.js'
import { isConflictMarker } from '../text/conflict-marker-lines.js'

/** A state file that cannot be read: reported with its path, never overwritten. */
export class DamagedStateError extends DecklabError {
  readonly path: string
  constructor(
    path: string,
    reason: string,
    options?: { cause?: unknown; advice?: string | undefined } | undefined,
  ) {
    // Shown as it is on a terminal that gets ASCII: the file to move or repair.
    terminalPath(path)
    super(
      'damaged-state',
      `damaged state file ${path}: ${reason}. The file was left untouched; ${options?.advice ?? 'move it away (or repair it)'} and run again.`,
      options,
    )
    this.name = 'DamagedStateError'
    this.path = path
  }
}

/**
 * The 1-based number of the first of git's conflict marker lines in `text`,
 * if any: a state folder kept in git, merged from two machines' copies.
 */
export function conflictMarkerLine(text: string): number | undefined {
  const index = text.split('\n').findIndex(isConflictMarker)
  return index === -1 ? undefined : index + 1
}

/** A state file holding git's conflict markers at `line`: what it is, and the way out. */
export function conflictedStateError(path: string, line: number): DamagedStateError {
  return new DamagedStateError(
    path,
    `line ${line} is a git merge conflict marker (\`<<<<<<<\`, \`=======\`, \`>>>>>>>\`): git merged two copies of this state folder`,
    {
      advice:
        'take cards.json and reviews.jsonl both from one side of the merge (`git checkout --ours -- cards.json reviews.jsonl`, or `--theirs`; the answers the other copy saved since they parted are not kept)',
    },
  )
}

/** Another live session holds the state directory. */
export class StateLockedError extends DecklabError {
  constructor(path: string, holder: LockHolder) {
    terminalPath(path)
    super(
      'state-locked',
      `${holder.pid === 0 ? holderName(holder) : `another ${holder.command || 'decklab quiz'} (pid ${holder.pid})`} is using this state (${path}); finish it first, so no answer is lost`,
    )
    this.name = 'StateLockedError'
  }
}

/** The state directory (or a file in it) cannot be written: no session starts. */
export class StateNotWritableError extends DecklabError {
  readonly path: string
  constructor(
    path: string,
    reason: string,
    options?: { cause?: unknown; midSession?: boolean; undo?: boolean } | undefined,
  ) {
    const lost = options?.undo
      ? 'the answer it was to take back stays saved as graded, and so does every earlier answer'
      : options?.midSession
        ? 'every earlier answer is saved'
        : 'no card was shown, so no answer is lost'
    terminalPath(path)
    super(
      'state-not-writable',
      `${path}: ${reason}; ${lost}. ${writeAdvice(options?.cause)}, or choose another folder with --state.`,
      options,
    )
    this.name = 'StateNotWritableError'
    this.path = path
  }
}

/** What to do about a failed write: a full disk needs space, not permissions. */
function writeAdvice(cause: unknown): string {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code
  if (isDiskFull(cause)) return 'Free some space on its disk'
  if (code === 'EFBIG') return 'Raise the file size limit (`ulimit -f`)'
  // Something not decklab's where its lock goes (see locks/lock-file.ts).
  if (code === 'ELOCKPATH') return 'Move that away'
  return 'Make it writable'
}

/** What a write of the state saves: an answer, the undo of the last one, or a loss accepted. */
export type StateChange = 'answer' | 'undo' | 'accept'

/**
 * A write of an answer (or of an undo) failed: the session stops, keeping
 * the answers saved before it. An undo not saved leaves the answer it was to
 * take back saved, as it was graded.
 */
export function changeNotSaved(
  path: string,
  error: unknown,
  change: StateChange,
): StateNotWritableError {
  const what = {
    answer: 'the last answer',
    undo: 'the undo',
    accept: 'the acceptance of the missing reviews',
  }[change]
  // An acceptance is saved before the first card.
  return new StateNotWritableError(
    path,
    `${what} could not be saved: ${writeFailureReason(error)}`,
    { cause: error, midSession: change !== 'accept', undo: change === 'undo' },
  )
}

/**
 * `cards.json` could not take the last answer (or undo), and its log line
 * could not be taken back either: the log keeps it and the next open replays
 * it, so it is saved after all, and answering the card again would count twice.
 */
export function keptInLog(
  cardsPath: string,
  reviewsPath: string,
  what: Exclude<StateChange, 'accept'>,
  error: unknown,
): StateNotWritableError {
  // The write's own error, not the `changeNotSaved` that carries it.
  const cause = error instanceof StateNotWritableError ? error.cause : error
  return new StateNotWritableError(
    cardsPath,
    `the last ${what} is kept in ${reviewsPath} (it takes effect from the next session${what === 'answer' ? ': do not answer that card again' : ''}), but this file could not be replaced: ${writeFailureReason(cause)}`,
    { cause, midSession: true },
  )
}

/** A state file (or its folder) this user may not read: reported, never taken for damage. */
export class StateNotReadableError extends DecklabError {
  readonly path: string
  constructor(path: string, error: unknown) {
    super(
      'state-not-readable',
      `${path}: cannot be read (${writeFailureReason(error)}); nothing was changed. Make it readable by you, or choose another folder with --state.`,
      { cause: error },
    )
    this.name = 'StateNotReadableError'
    this.path = path
  }
}

/**
 * A state file's text; undefined when there is none yet. A file this user
 * may not read is `StateNotReadableError`; any other failure, damage.
 */
export function readStateFile(path: string): string | undefined {
  return readStateBytes(path)?.toString('utf8')
}

/**
 * A state file's bytes, as `readStateFile` reads its text: for a log too
 * long to be one string (V8 stops at 512 MiB; a million reviews are some
 * 850 MB), read a line at a time (json-lines.ts).
 */
export function readStateBytes(path: string): Buffer | undefined {
  try {
    return readRegularFileSync(path).bytes
  } catch (error) {
    return stateReadFailure(path, error)
  }
}

/** How much of a state file `readStateChunks` reads at a time. */
const chunkBytes = 1024 * 1024

/**
 * A state file's bytes as `readStateBytes` reads them, failing as it fails,
 * a run of whole lines at a time (the last may lack its newline): each
 * chunk is a view of one buffer, used again for the next, so only the
 * chunk being read is held. A year's review log (60 MB) read into one new
 * buffer spent 200-300 ms in page faults on fresh memory here; read a
 * megabyte at a time it takes some 15 ms (docs/speed.md). The file is open
 * from the call: `close` it when the runs are not read to their end.
 */
export function readStateChunks(
  path: string,
  /**
   * Bytes the caller has read before (`log-checkpoint.ts`): when the file
   * still starts with them (as many bytes, the same CRC-32), the runs start
   * after them and `skipped` is true; else the runs are the whole file.
   */
  known?: { bytes: number; crc32: number } | undefined,
): { runs: Iterable<Buffer>; close(): void; skipped: boolean } {
  let descriptor: number
  try {
    const before = statSync(path)
    if (!before.isFile()) throw new NotRegularFileError(path, fileKind(before))
    descriptor = openRegularFileSync(path).descriptor
  } catch (error) {
    stateReadFailure(path, error)
    return { runs: [], close() {}, skipped: false }
  }
  let skipped = false
  try {
    skipped = known !== undefined && startsWith(path, descriptor, known)
  } catch (error) {
    closeSync(descriptor)
    throw error
  }
  let position = skipped ? (known as { bytes: number }).bytes : 0
  let open = true
  const close = () => {
    if (open) closeSync(descriptor)
    open = false
  }
  function* runs(): Generator<Buffer> {
    try {
      let buffer = Buffer.allocUnsafe(chunkBytes)
      let held = 0
      for (;;) {
        // A line longer than the buffer: a bigger one.
        if (held === buffer.length) buffer = Buffer.concat([buffer], buffer.length * 2)
        const read = readChunk(path, descriptor, buffer, held, position)
        position += read
        const length = held + read
        if (read === 0) {
          if (length > 0) yield buffer.subarray(0, length)
          return
        }
        const cut = buffer.lastIndexOf(0x0a, length - 1) + 1
        if (cut > 0) yield buffer.subarray(0, cut)
        held = buffer.copy(buffer, 0, cut, length)
      }
    } finally {
      close()
    }
  }
  return { runs: runs(), close, skipped }
}

function readChunk(
  path: string,
  descriptor: number,
  buffer: Buffer,
  at: number,
  position: number,
): number {
  try {
    return readSync(descriptor, buffer, at, buffer.length - at, position)
  } catch (error) {
    return stateReadFailure(path, error) ?? 0
  }
}

/** Whether the file's first `known.bytes` bytes have the CRC-32 `known.crc32`. */
function startsWith(
  path: string,
  descriptor: number,
  known: { bytes: number; crc32: number },
): boolean {
  const buffer = Buffer.allocUnsafe(Math.min(chunkBytes, known.bytes))
  let crc = 0
  for (let position = 0; position < known.bytes; ) {
    const wanted = Math.min(buffer.length, known.bytes - position)
    const read = readChunk(path, descriptor, buffer.subarray(0, wanted), 0, position)
    if (read === 0) return false
    crc = crc32(buffer.subarray(0, read), crc)
    position += read
  }
  return crc === known.crc32
}

/**
 * Why a state file could not be read, thrown as the error the user sees;
 * undefined when there is no file (nothing saved).
 */
function stateReadFailure(path: string, error: unknown): undefined {
  // No file (or no folder yet): nothing saved. Whether it can be created is the lock's question.
  if (isNoSuchFile(error)) {
    // A link into a folder that is not there (a drive not mounted) is not a state never
    // saved: writing through it would make the folder where the drive should be. A link to
    // a file yet to be made, in a folder that is there, is saved through (see the store).
    const target = linkIntoMissingFolder(path)
    if (target !== undefined) {
      throw new DamagedStateError(path, `is a link to ${target}, whose folder does not exist`, {
        cause: error,
      })
    }
    return undefined
  }
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'EACCES' || code === 'EPERM') {
    throw new StateNotReadableError(unreadablePart(path), error)
  }
  throw new DamagedStateError(path, `cannot be read (${(error as Error).message})`, {
    cause: error,
  })
}

/** Where `path` links to, when it is a link into a folder that does not exist; else undefined. */
function linkIntoMissingFolder(path: string): string | undefined {
  try {
    if (!lstatSync(path).isSymbolicLink()) return undefined
    const target = readlinkSync(path)
    return existsSync(dirname(resolve(dirname(path), target))) ? undefined : target
  } catch {
    return undefined
  }
}

/** The state folder when it is the one shut (the usual case), else the file itself. */
function unreadablePart(path: string): string {
  const folder = dirname(path)
  try {
    accessSync(folder, constants.R_OK | constants.X_OK)
    return path
  } catch {
    return folder
  }
}
