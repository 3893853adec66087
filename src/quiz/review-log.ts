/**
 * `reviews.jsonl`: the append-only log of reviews and undos, one fsync'd
 * line per record. It is written before `cards.json`, so the store can
 * replay what a crash between the two writes left out.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs'
import { isJsonObject } from '../text/json-object.js'
import { isStoredCard, type NoteLocation, type StoredCard } from './cards-file.js'
import type { Grade } from './scheduler.js'
import { answerNotSaved, DamagedStateError, readStateFile } from './state-errors.js'

/** The file's name in the state directory. */
export const reviewsFileName = 'reviews.jsonl'

/** One line of `reviews.jsonl`. */
export type ReviewRecord =
  | {
      type: 'review'
      seq: number
      key: string
      /** The grade's name (`again`…`easy`) and number (1–4). */
      rating: string
      grade: Grade
      time: string
      log: Record<string, unknown>
      /** The card after this review, and before it (null for a new card). */
      card: StoredCard
      previous: StoredCard | null
      /** The note's ID and file, for the index in `cards.json`. */
      note?: NoteLocation | undefined
    }
  | {
      type: 'undo'
      seq: number
      key: string
      /** The `seq` of the review this record takes back. */
      undoes: number
      time: string
      /** The card as it was restored (null: back to new). */
      card: StoredCard | null
    }

/** Every record of the log, oldest first (none when there is no log); throws `DamagedStateError`. */
export function readReviewLog(path: string): ReviewRecord[] {
  const text = readStateFile(path)
  if (text === undefined) return []
  const records: ReviewRecord[] = []
  const lines = text.split('\n')
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue
    let record: unknown
    try {
      record = JSON.parse(line)
    } catch (error) {
      throw new DamagedStateError(path, `line ${index + 1} is not valid JSON`, { cause: error })
    }
    if (!isRecord(record)) {
      throw new DamagedStateError(path, `line ${index + 1} is not a review or undo record`)
    }
    records.push(record)
  }
  return records
}

/** Append one record as a line and fsync it before returning. */
export function appendReviewRecord(path: string, record: ReviewRecord): void {
  try {
    const descriptor = openSync(path, 'a', 0o600)
    try {
      // One write call per line: a kill cannot leave half a line behind.
      writeSync(descriptor, `${JSON.stringify(record)}\n`)
      fsyncSync(descriptor)
    } finally {
      closeSync(descriptor)
    }
  } catch (error) {
    throw answerNotSaved(path, error)
  }
}

function isRecord(value: unknown): value is ReviewRecord {
  if (!isJsonObject(value) || typeof value.seq !== 'number' || typeof value.key !== 'string') {
    return false
  }
  if (value.type === 'review') return isStoredCard(value.card) && typeof value.grade === 'number'
  if (value.type === 'undo') {
    return typeof value.undoes === 'number' && (value.card === null || isStoredCard(value.card))
  }
  return false
}
