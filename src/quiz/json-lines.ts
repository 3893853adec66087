/**
 * The quiz's append-only JSON Lines files (`reviews.jsonl`, `id-moves.jsonl`):
 * read whole, every line checked, and appended whole lines or not at all, fsync'd.
 */
import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, writeSync } from 'node:fs'
import { DamagedStateError, readStateFile } from './state-errors.js'

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
  const text = readStateFile(path)
  if (text === undefined) return []
  const values: T[] = []
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch (error) {
      throw new DamagedStateError(path, `line ${index + 1} is not valid JSON`, {
        cause: error,
        advice,
      })
    }
    if (!isValid(value)) {
      throw new DamagedStateError(path, `line ${index + 1} is not ${what}`, { advice })
    }
    values.push(value)
  }
  return values
}

/**
 * Append these values as lines, fsync'd. All the bytes go in one write when
 * the disk allows (a kill cannot leave half a line); a short write (a full
 * disk writes what fits) is carried on, and a write that then fails takes
 * the file back to its length before the append, so no half line is left
 * to make the whole log unreadable. Throws the write's error.
 */
export function appendJsonLines(path: string, values: readonly unknown[]): void {
  const bytes = Buffer.from(values.map((value) => `${JSON.stringify(value)}\n`).join(''))
  const descriptor = openSync(path, 'a', 0o600)
  try {
    const before = fstatSync(descriptor).size
    try {
      let written = 0
      while (written < bytes.length) {
        written += writeSync(descriptor, bytes, written, bytes.length - written)
      }
      fsyncSync(descriptor)
    } catch (error) {
      restoreLength(descriptor, before)
      throw error
    }
  } finally {
    closeSync(descriptor)
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
