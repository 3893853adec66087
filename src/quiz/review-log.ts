/**
 * `reviews.jsonl`: the append-only log of reviews and undos, one fsync'd
 * line per record. It is written before `cards.json`, so the store can
 * replay what a crash between the two writes left out.
 */
import { dirname, join } from 'node:path'
import { crc32 } from 'node:zlib'
import { isJsonObject } from '../text/json-object.js'
import { isStoredCard, type NoteLocation } from './cards-file.js'
import {
  appendJsonLines,
  cutJsonLines,
  readJsonLines,
  readJsonLinesStoppable,
  tailJsonLines,
} from './json-lines.js'
import {
  checkpointStride,
  type LogCheckpoint,
  logCheckpointFileName,
  readLogCheckpoint,
  writeLogCheckpoint,
} from './log-checkpoint.js'
import { findMissingReviews, type LostReviews, logGapError } from './missing-reviews.js'
import type { LogEntry, ReviewRecord } from './review-record.js'
import { type Grade, grades } from './scheduler.js'
import { changeNotSaved, DamagedStateError } from './state-errors.js'

/** The file's name in the state directory. */
export const reviewsFileName = 'reviews.jsonl'

/** Every record of the log, oldest first (none when there is no log); throws `DamagedStateError`. */
export function readReviewLog(path: string): ReviewRecord[] {
  return readJsonLines(path, isRecord, 'a review or undo record')
}

/** The log read: every record's entry, and the whole record of entry `index` when asked. */
export interface LogRead {
  entries: LogEntry[]
  /** The record of `entries[index]`, under that entry's key (the store may move it). */
  record(index: number): ReviewRecord
}

/** The log read whole (`readReviewLog`): each entry is its record. */
export function wholeLog(records: ReviewRecord[]): LogRead {
  return { entries: records, record: (index) => records[index] as ReviewRecord }
}

/**
 * As `readReviewLog`, every record checked, a signal stopping the reading
 * (`InterruptedError`); each record is kept as its entry, and whole only
 * when its `seq` is past `after` (the last record `cards.json` includes:
 * the store replays those). The quiz wants no other whole: a year's 65,000
 * records held whole cost about as much garbage collection again as their
 * parsing (docs/speed.md). Asked for another (`Store.reviews`, which the
 * quiz does not ask), the log is read whole again, and must still hold it.
 * The records of the log's start checked before are taken from the
 * checkpoint beside it while the log still starts with the same bytes, and
 * the checkpoint is written again once a stride more is checked
 * (log-checkpoint.ts).
 */
export async function readReviewLogStoppable(
  path: string,
  signal: AbortSignal | undefined,
  after: number,
): Promise<LogRead> {
  const checkpointPath = join(dirname(path), logCheckpointFileName)
  const checkpoint = readLogCheckpoint(checkpointPath)
  const wholeOnes = new Map<number, ReviewRecord>()
  const next = checkpointAfter(checkpoint)
  let count = 0
  const { kept, skipped } = await readJsonLinesStoppable(
    path,
    isRecord,
    'a review or undo record',
    signal,
    (record) => {
      if (record.seq > after) {
        wholeOnes.set(count, record)
        // The store replays this record from the log: no checkpoint ends past it.
        next.stop()
      }
      count += 1
      return entryOf(record)
    },
    { known: checkpoint, onRun: (run, at, lines) => next.ranOver(run, at, lines, count) },
  )
  const before = skipped ? (checkpoint?.entries ?? []) : []
  const entries = before.length > 0 ? before.concat(kept) : kept
  const written = next.checkpoint(entries, skipped ? checkpoint : undefined)
  if (written !== undefined) writeLogCheckpoint(checkpointPath, written)
  let again: ReviewRecord[] | undefined
  return {
    entries,
    record(index) {
      const entry = entries[index] as LogEntry
      let record = wholeOnes.get(index - before.length)
      if (record === undefined) {
        again ??= readReviewLog(path)
        record = again[index]
        if (record?.seq !== entry.seq || record.type !== entry.type) {
          throw new DamagedStateError(path, `changed while it was open (record ${index + 1})`)
        }
      }
      // The store may have moved the entry to another key (an ID move).
      return record.key === entry.key ? record : { ...record, key: entry.key }
    },
  }
}

/**
 * The checkpoint to write after a read of the log: the runs of whole lines
 * read up to the first record the store replays, when a stride or more past
 * `checkpoint` (or past the start, when the log did not start as it says);
 * undefined when no new one is due.
 */
function checkpointAfter(checkpoint: LogCheckpoint | undefined) {
  let ends: { bytes: number; lines: number; crc32: number; kept: number } | undefined
  let stopped = false
  return {
    stop() {
      stopped = true
    },
    ranOver(run: Buffer, at: number, lines: number, kept: number) {
      // Only runs that end a line: the last may be an append a crash cut short.
      if (stopped || run.at(-1) !== 0x0a) {
        stopped = true
        return
      }
      const crc = ends?.crc32 ?? (at > 0 ? (checkpoint?.crc32 ?? 0) : 0)
      ends = { bytes: at + run.length, lines, crc32: crc32(run, crc), kept }
    },
    /** The new checkpoint, if due: `entries` are those of the whole log, `used` the checkpoint they began with. */
    checkpoint(
      entries: readonly LogEntry[],
      used: LogCheckpoint | undefined,
    ): LogCheckpoint | undefined {
      if (ends === undefined || ends.bytes - (used?.bytes ?? 0) < checkpointStride) return undefined
      const { bytes, lines, crc32 } = ends
      return {
        bytes,
        lines,
        crc32,
        entries: entries.slice(0, (used?.entries.length ?? 0) + ends.kept),
      }
    },
  }
}

function entryOf(record: ReviewRecord): LogEntry {
  return record.type === 'undo'
    ? { type: record.type, seq: record.seq, key: record.key, undoes: record.undoes }
    : { type: record.type, seq: record.seq, key: record.key }
}

/**
 * Append one record as a line and fsync it before returning; returns the
 * log's length before it. Refused (`review-log-gap`, nothing written) when
 * the log now ends before the record this one follows: removed, emptied or
 * replaced while the session ran, it lost records `cards.json` includes, and
 * this record would hide the gap, as an answer would at the start (`lost`:
 * the losses accepted, see missing-reviews.ts).
 */
export function appendReviewRecord(
  path: string,
  record: ReviewRecord,
  lost: readonly LostReviews[],
): number {
  const logEnd = lastRecordSeq(path)
  if (logEnd !== undefined) {
    const gap = findMissingReviews(record.seq - 1, [{ seq: logEnd }], lost).gap
    if (gap !== undefined) throw logGapError(path, gap, true)
  }
  try {
    return appendJsonLines(path, [record])
  } catch (error) {
    throw changeNotSaved(path, error, record.type === 'review' ? 'answer' : 'undo')
  }
}

/**
 * The log's last record as the file holds it now: the highest `seq` of the
 * records in its tail (0: none, or no file), as `findMissingReviews` takes
 * the highest of the whole log; undefined when it cannot be read (a folder
 * in its place): the append then says why.
 */
function lastRecordSeq(path: string): number | undefined {
  let values: unknown[]
  try {
    values = tailJsonLines(path)
  } catch {
    return undefined
  }
  return values.reduce<number>(
    (end, value) => (isJsonObject(value) && isSeq(value.seq) ? Math.max(end, value.seq) : end),
    0,
  )
}

/** Take back the record appended at `length` (see `appendReviewRecord`); throws if it cannot. */
export function takeBackReviewRecord(path: string, length: number): void {
  cutJsonLines(path, length)
}

/**
 * A whole record: every field the quiz, `stats`, `stats --revlog` and
 * `build --with-progress` read, of the type and range they expect, so a
 * hand edit is reported as damage, not met later as a crash or a NaN.
 */
function isRecord(value: unknown): value is ReviewRecord {
  if (!isJsonObject(value) || !isSeq(value.seq) || !isCardKey(value.key)) return false
  if (typeof value.time !== 'string' || Number.isNaN(Date.parse(value.time))) return false
  if (value.type === 'review') {
    const { grade, log, note } = value
    if (!grades.includes(grade as Grade) || typeof value.rating !== 'string') return false
    // The state before the review: what stats and the revlog's review_state read.
    if (!isJsonObject(log) || !isCardState(log.state)) return false
    if (note !== undefined && !isNoteLocation(note)) return false
    return isStoredCard(value.card) && (value.previous === null || isStoredCard(value.previous))
  }
  if (value.type === 'undo') {
    return isSeq(value.undoes) && (value.card === null || isStoredCard(value.card))
  }
  return false
}

/** A record's number in the log: a whole number from 1. */
function isSeq(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) > 0
}

/** `<note key>/<ord>`. */
function isCardKey(value: unknown): value is string {
  return typeof value === 'string' && /.\/\d+$/.test(value)
}

/** ts-fsrs `State`: 0 new, 1 learning, 2 review, 3 relearning. */
function isCardState(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 3
}

function isNoteLocation(value: unknown): value is NoteLocation {
  return isJsonObject(value) && isSeq(value.id) && typeof value.file === 'string'
}
