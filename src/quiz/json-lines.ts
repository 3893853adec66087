/**
 * The quiz's append-only JSON Lines files (`reviews.jsonl`, `id-moves.jsonl`):
 * read whole, every line checked, and appended one fsync'd write at a time.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs'
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

/** Append these values as lines in one write call (a kill cannot leave half a line), fsync'd. */
export function appendJsonLines(path: string, values: readonly unknown[]): void {
  const descriptor = openSync(path, 'a', 0o600)
  try {
    writeSync(descriptor, values.map((value) => `${JSON.stringify(value)}\n`).join(''))
    fsyncSync(descriptor)
  } finally {
    closeSync(descriptor)
  }
}
