/**
 * The quiz's append-only JSON Lines files (`reviews.jsonl`, `id-moves.jsonl`):
 * read whole, every line checked, and appended whole lines or not at all, fsync'd.
 */

import {
  closeSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { makeFolder } from '../fs/make-folder.js'
import { writeAll } from '../fs/write-all.js'
import { signalTurns } from '../interrupt.js'
import { isConflictMarker } from '../text/conflict-marker-lines.js'
import {
  conflictedStateError,
  DamagedStateError,
  readStateBytes,
  readStateChunks,
  StateNotWritableError,
} from './state-errors.js'

/**
 * Every line's value, oldest first (none when there is no file); a line that
 * is not JSON, or not `what` by `isValid`, throws `DamagedStateError`.
 */
export function readJsonLines<T>(
  path: string,
  isValid: (value: unknown) => value is T,
  what: string,
  /** What the error tells the user to do, when moving the file away would lose something. */
  advice?: string,
): T[] {
  const bytes = readStateBytes(path)
  return [...jsonLineValues(path, bytes === undefined ? [] : [bytes], isValid, what, { advice })]
}

/**
 * As `readJsonLines`, read a megabyte at a time (`readStateChunks`), letting
 * a signal in before the lines are parsed and every `signalTurnMs` of
 * parsing: a year's review log takes a second or more, and a Ctrl-C stops it
 * where it stands (`InterruptedError`). Every line is checked as
 * `readJsonLines` checks it, but only what `keep` makes of each value is
 * kept: the values of a year's log held at once cost about as much garbage
 * collection again as their parsing (docs/speed.md). Lines read before
 * (`known`: the file's first bytes, as many lines) are not read again while
 * the file still starts with those bytes (`skipped`).
 */
export async function readJsonLinesStoppable<T, K>(
  path: string,
  isValid: (value: unknown) => value is T,
  what: string,
  signal: AbortSignal | undefined,
  keep: (value: T) => K,
  {
    known,
    onRun,
  }: {
    known?: { bytes: number; crc32: number; lines: number } | undefined
    /**
     * Called once the values of each run of the file read are kept: the run (a
     * view of a buffer used again), where in the file it starts, and the number
     * of lines up to its end.
     */
    onRun?: ((run: Buffer, at: number, lines: number) => void) | undefined
  } = {},
): Promise<{ kept: K[]; skipped: boolean }> {
  // Opened first, as `readJsonLines` reads before it parses: a signal then stops the reading.
  const file = readStateChunks(path, known)
  try {
    const turns = signalTurns(signal)
    await turns.turn()
    const kept: K[] = []
    const firstLine = file.skipped ? (known?.lines ?? 0) : 0
    let at = file.skipped ? (known?.bytes ?? 0) : 0
    const ranOver = (run: Buffer, lines: number) => {
      onRun?.(run, at, lines)
      at += run.length
    }
    for (const value of jsonLineValues(path, file.runs, isValid, what, {
      firstLine,
      onRun: ranOver,
    })) {
      if (turns.due()) await turns.turn()
      kept.push(keep(value))
    }
    return { kept, skipped: file.skipped }
  } finally {
    file.close()
  }
}

/**
 * The values of the lines of the file at `path`, its bytes given in runs of
 * whole lines (only the last run may end without a newline), checked as
 * `readJsonLines` says; lines are numbered from `firstLine` + 1.
 */
function* jsonLineValues<T>(
  path: string,
  runs: Iterable<Buffer>,
  isValid: (value: unknown) => value is T,
  what: string,
  {
    advice,
    firstLine = 0,
    onRun,
  }: {
    advice?: string | undefined
    firstLine?: number | undefined
    onRun?: ((run: Buffer, lines: number) => void) | undefined
  } = {},
): Generator<T> {
  let index = firstLine
  // Line by line from the bytes, never the whole text: a long log (a million reviews)
  // is more than V8's longest string. A newline byte is never part of a UTF-8 character.
  for (const bytes of runs) {
    for (let start = 0; start < bytes.length; index += 1) {
      const newline = bytes.indexOf(0x0a, start)
      const end = newline === -1 ? bytes.length : newline
      const line = bytes.toString('utf8', start, end)
      start = end + 1
      if (line.trim() === '') continue
      let value: unknown
      try {
        value = JSON.parse(line)
      } catch (error) {
        // A last line with no newline is an append a crash cut short: never reported saved.
        if (newline === -1) continue
        if (isConflictMarker(line)) throw conflictedStateError(path, index + 1)
        throw new DamagedStateError(path, `line ${index + 1} is not valid JSON`, {
          cause: error,
          advice,
        })
      }
      if (!isValid(value)) {
        throw new DamagedStateError(path, `line ${index + 1} is not ${what}`, { advice })
      }
      yield value
    }
    onRun?.(bytes, index)
  }
}

/**
 * Append `values`, each stamped `at: time`, to the file `name` in the state
 * `directory` (made when missing); a failure is `StateNotWritableError`,
 * saying what could not be recorded (`what`, given the error's code).
 */
export function appendStateLines(
  directory: string,
  name: string,
  values: readonly object[],
  time: Date,
  what: (code: string) => string,
): void {
  if (values.length === 0) return
  const path = join(directory, name)
  const at = time.toISOString()
  try {
    makeFolder(directory, 0o700)
    appendJsonLines(
      path,
      values.map((value) => ({ ...value, at })),
    )
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error)
    throw new StateNotWritableError(path, what(code), { cause: error })
  }
}

/**
 * Append these values as lines, fsync'd. All the bytes go in one write when
 * the disk allows (a kill cannot leave half a line); a short write (a full
 * disk writes what fits) is carried on, and a write that then fails takes
 * the file back to its length before the append, so no half line is left
 * to make the whole log unreadable. Throws the write's error. Returns the
 * file's length before the append, for `cutJsonLines` to take it back.
 */
export function appendJsonLines(path: string, values: readonly unknown[]): number {
  const bytes = Buffer.from(values.map((value) => `${JSON.stringify(value)}\n`).join(''))
  const descriptor = openSync(path, 'a+', 0o600)
  try {
    const before = endWithNewline(path, descriptor, fstatSync(descriptor).size)
    try {
      writeAll(descriptor, bytes)
      fsyncSync(descriptor)
    } catch (error) {
      restoreLength(descriptor, before)
      throw error
    }
    return before
  } finally {
    closeSync(descriptor)
  }
}

/** Cut the file back to `length` (what `appendJsonLines` returned), fsync'd; throws if it cannot. */
export function cutJsonLines(path: string, length: number): void {
  const descriptor = openSync(path, 'r+')
  try {
    ftruncateSync(descriptor, length)
    fsyncSync(descriptor)
  } finally {
    closeSync(descriptor)
  }
}

/** How far back a cut-off line is looked for: far longer than any record. */
const tailWindow = 1024 * 1024

/**
 * The values of the lines that are whole JSON in the file's tail (the last
 * `tailWindow` bytes; a line a crash cut short is passed over), oldest
 * first; none when the file is missing (its folder too).
 */
export function tailJsonLines(path: string): unknown[] {
  let descriptor: number
  try {
    descriptor = openSync(path, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  try {
    const size = fstatSync(descriptor).size
    const tail = readTail(descriptor, size)
    const lines = tail.toString('utf8').split('\n')
    // The window's first line may start mid-line.
    if (tail.length < size) lines.shift()
    return lines.flatMap((line) => {
      if (line.trim() === '') return []
      try {
        return [JSON.parse(line)]
      } catch {
        return []
      }
    })
  } finally {
    closeSync(descriptor)
  }
}

/** The last `tailWindow` bytes of a file of `size` bytes (all of it when shorter). */
function readTail(descriptor: number, size: number): Buffer {
  const window = Math.min(size, tailWindow)
  const tail = Buffer.alloc(window)
  readSync(descriptor, tail, 0, window, size - window)
  return tail
}

/**
 * Make the log end with a newline before appending, as a crash (a power
 * cut) during an earlier append may not have left it: a last line that is
 * whole JSON (a hand edit) gets its newline; a fragment, an answer never
 * reported saved, is kept beside the log (`<name>.torn-<ms>`) and cut off.
 * Returns the log's length now.
 */
function endWithNewline(path: string, descriptor: number, size: number): number {
  if (size === 0) return 0
  const tail = readTail(descriptor, size)
  const window = tail.length
  if (tail[window - 1] === 0x0a) return size
  const newline = tail.lastIndexOf(0x0a)
  // No line start in reach: leave it to the reader to report.
  if (newline === -1 && window < size) return size
  const fragment = tail.subarray(newline + 1)
  if (isJson(fragment.toString('utf8'))) {
    writeSync(descriptor, '\n')
    return size + 1
  }
  writeFileSync(`${path}.torn-${Date.now()}`, fragment, { mode: 0o600, flag: 'wx' })
  const start = size - window + newline + 1
  ftruncateSync(descriptor, start)
  return start
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/** Cut off a failed append (on the same descriptor: the path may have changed since). */
function restoreLength(descriptor: number, length: number): void {
  try {
    ftruncateSync(descriptor, length)
    fsyncSync(descriptor)
  } catch {
    // The write's error is the one to report; a log that cannot even be cut is reported when read.
  }
}
