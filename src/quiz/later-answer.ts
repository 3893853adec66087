/**
 * Which of two states of one card holds its later answer, for a move of
 * progress onto a key that already holds some (store.ts, `moveProgress`).
 * The case a learner meets: a note answered under its ID loses its ID line
 * and is edited in a way the quiz cannot match (its first field changed
 * after its last answer), so it is answered again under its content; then
 * `build` gives the ID back by its own record and links that content to the
 * ID. Keeping the ID's state there made the card's schedule forget the
 * answers given in between (an Again left the card due days later), though
 * `reviews.jsonl` kept them.
 *
 * Options weighed: keep the ID's state (the old rule: loses the newer
 * answers); replay both keys' reviews through FSRS in time order (the
 * truest schedule, but it would rewrite states made under older rules and
 * settings, without the learner asking, and needs the scheduler's day and
 * parameters here); the state of the later answer wins (chosen: it is the
 * schedule the learner last saw, and every review stays in the log, so
 * `stats` and `--with-progress` still count both).
 */
import type { StoredCard } from './cards-file.js'
import type { LogEntry } from './review-record.js'

/**
 * Each key's last answer no undo took back, by log number (`seq`): the
 * order answers were saved in, whatever the clock said then.
 */
export function lastAnswers(records: readonly LogEntry[]): Map<string, number> {
  const undone = new Set(
    records.flatMap((record) => (record.type === 'undo' ? [record.undoes] : [])),
  )
  const last = new Map<string, number>()
  for (const record of records) {
    if (record.type !== 'review' || undone.has(record.seq)) continue
    last.set(record.key, Math.max(last.get(record.key) ?? 0, record.seq))
  }
  return last
}

/**
 * Whether `moved` (the state kept under key `from`) was answered after
 * `held` (kept under `to`): by the log when it has an answer of both keys,
 * else (a log cut short, or answers older than a loss accepted) by the
 * cards' `last_review`. A tie, or a state without either, keeps `held`.
 */
export function answeredLater(
  moved: { key: string; card: StoredCard },
  held: { key: string; card: StoredCard },
  last: ReadonlyMap<string, number>,
): boolean {
  const movedSeq = last.get(moved.key)
  const heldSeq = last.get(held.key)
  if (movedSeq !== undefined && heldSeq !== undefined) return movedSeq > heldSeq
  const movedTime = reviewTime(moved.card)
  const heldTime = reviewTime(held.card)
  return movedTime !== undefined && heldTime !== undefined && movedTime > heldTime
}

function reviewTime(card: StoredCard): number | undefined {
  const time = typeof card.last_review === 'string' ? Date.parse(card.last_review) : Number.NaN
  return Number.isNaN(time) ? undefined : time
}
