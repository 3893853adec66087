/**
 * The records of `reviews.jsonl` (review-log.ts reads, checks and appends
 * them), the entry of each that the store keeps at open, which the log's
 * checkpoint (log-checkpoint.ts) holds too, and what makes two records one.
 */
import type { NoteLocation, StoredCard } from './cards-file.js'
import type { Grade } from './scheduler.js'

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

/**
 * What the store keeps of each record at open: its number, card and kind
 * (and the review an undo takes back). A `ReviewRecord` is one.
 */
export type LogEntry =
  | Pick<Extract<ReviewRecord, { type: 'review' }>, 'type' | 'seq' | 'key'>
  | Pick<Extract<ReviewRecord, { type: 'undo' }>, 'type' | 'seq' | 'key' | 'undoes'>

/**
 * What makes a record the same review or undo as another: its number, card,
 * time and grade (or the review it takes back). A log line a copy or a merge
 * doubled has the same; two answers never do, as they differ in number or,
 * from two machines' copies, in card or time.
 */
export function recordIdentity(record: ReviewRecord): string {
  const grade = record.type === 'review' ? record.grade : `undo ${record.undoes}`
  return JSON.stringify([record.seq, record.key, record.time, grade])
}
