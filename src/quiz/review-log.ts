/**
 * `reviews.jsonl`: the append-only log of reviews and undos, one fsync'd
 * line per record. It is written before `cards.json`, so the store can
 * replay what a crash between the two writes left out.
 */
import { isJsonObject } from '../text/json-object.js'
import { isStoredCard, type NoteLocation, type StoredCard } from './cards-file.js'
import { appendJsonLines, cutJsonLines, readJsonLines } from './json-lines.js'
import type { Grade } from './scheduler.js'
import { answerNotSaved } from './state-errors.js'

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
  return readJsonLines(path, isRecord, 'a review or undo record')
}

/** Append one record as a line and fsync it before returning; returns the log's length before it. */
export function appendReviewRecord(path: string, record: ReviewRecord): number {
  try {
    return appendJsonLines(path, [record])
  } catch (error) {
    throw answerNotSaved(path, error)
  }
}

/** Take back the record appended at `length` (see `appendReviewRecord`); throws if it cannot. */
export function takeBackReviewRecord(path: string, length: number): void {
  cutJsonLines(path, length)
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
