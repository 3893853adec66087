/**
 * `reviews.checked.json`: what the quiz kept of the review log's first
 * bytes the last time it read and checked them (each record's entry), with
 * their length, line count and CRC-32. The log only grows, so while it
 * still starts with those bytes the quiz reads only the lines after them:
 * after a year of daily use that is a megabyte or two of a 60 MB log, and
 * parsing and checking every line was most of a second before the first
 * card (docs/speed.md). A log changed in those bytes (a hand edit, damage,
 * records taken back) no longer matches, and is read and checked whole, so
 * damage in its middle is still found. The file holds nothing the log does
 * not: one that cannot be read is passed over and replaced.
 */
import { writeFileAtomic } from '../fs/write-atomic.js'
import { isJsonObject } from '../text/json-object.js'
import type { LogEntry } from './review-record.js'
import { readStateFile } from './state-errors.js'

/** The file's name in the state directory. */
export const logCheckpointFileName = 'reviews.checked.json'

/**
 * How much of the log past the checkpoint is checked before it is written
 * again: a start parses at most about this much (some 35 ms here), and a
 * day's 200 reviews being some 180 KB, it is written every ten days or so
 * of daily use. A smaller log is read whole, with no checkpoint.
 */
export const checkpointStride = 2 * 1024 * 1024

/** The checked start of a log: its bytes, lines and CRC-32, and the entry of each record in it. */
export interface LogCheckpoint {
  bytes: number
  lines: number
  crc32: number
  entries: LogEntry[]
}

/** The checkpoint at `path`, or undefined when there is none or it cannot be used. */
export function readLogCheckpoint(path: string): LogCheckpoint | undefined {
  let text: string | undefined
  try {
    text = readStateFile(path)
  } catch {
    return undefined
  }
  if (text === undefined) return undefined
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!isJsonObject(value) || value.version !== 1 || !Array.isArray(value.entries)) return undefined
  const { bytes, lines, crc32 } = value
  if (!isCount(bytes) || bytes === 0 || !isCount(lines) || !isCount(crc32)) return undefined
  const entries: LogEntry[] = []
  for (const item of value.entries) {
    const entry = entryOf(item)
    if (entry === undefined) return undefined
    entries.push(entry)
  }
  return { bytes, lines, crc32, entries }
}

/**
 * Save `checkpoint` at `path`; a failure is passed over (the quiz reads the
 * log whole again next time, as before there was one).
 */
export function writeLogCheckpoint(path: string, checkpoint: LogCheckpoint): void {
  const entries = checkpoint.entries.map((entry) =>
    entry.type === 'undo' ? [entry.seq, entry.key, entry.undoes] : [entry.seq, entry.key],
  )
  const { bytes, lines, crc32 } = checkpoint
  try {
    writeFileAtomic(path, `${JSON.stringify({ version: 1, bytes, lines, crc32, entries })}\n`, {
      mode: 0o600,
      clearDeadTemps: true,
    })
  } catch {
    // A cache of what the log holds: nothing is lost without it.
  }
}

/** `[seq, key]` is a review's entry, `[seq, key, undoes]` an undo's. */
function entryOf(item: unknown): LogEntry | undefined {
  if (!Array.isArray(item) || item.length < 2 || item.length > 3) return undefined
  const [seq, key, undoes] = item as unknown[]
  if (!isCount(seq) || seq === 0 || typeof key !== 'string') return undefined
  if (item.length === 2) return { type: 'review', seq, key }
  return isCount(undoes) && undoes > 0 ? { type: 'undo', seq, key, undoes } : undefined
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0
}
