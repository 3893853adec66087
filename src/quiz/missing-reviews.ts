/**
 * Review records lost from `reviews.jsonl`: the log ends before the last
 * record `cards.json` includes (it was cut short, emptied or replaced; each
 * answer is logged before `cards.json` is saved, so a whole log never ends
 * before it). The first answer after such a gap would hide it (the log
 * would end after `cards.json` again), and with it the chance to restore
 * the file: the quiz refuses to start until the file is restored or the
 * loss accepted, and the acceptance is kept in `cards.json` (`lostReviews`)
 * so that stats and build go on saying which records are gone.
 */
import { DecklabError } from '../errors.js'
import { isJsonObject } from '../text/json-object.js'
import { programName } from '../text/program-name.js'

/** Records `after + 1` to `upTo` of the log, lost, and the loss accepted at `accepted` (ISO). */
export interface LostReviews {
  after: number
  upTo: number
  accepted: string
}

/** The log ends at record `logEnd` (0: it holds none), but `cards.json` includes records up to `saved`. */
export interface LogGap {
  logEnd: number
  saved: number
}

/** What the log lacks: a gap not accepted yet, and the accepted losses it still lacks. */
export interface MissingReviews {
  gap: LogGap | undefined
  lost: { range: LostReviews; missing: number }[]
}

/**
 * Compare the log's records with the last record `cards.json` includes
 * (`saved`) and the losses it records as accepted. A gap an accepted loss
 * covers is no longer a gap; an accepted loss the log holds again (the
 * file was restored after all) is no longer lost.
 */
export function findMissingReviews(
  saved: number,
  records: readonly { seq: number }[],
  accepted: readonly LostReviews[],
): MissingReviews {
  const logEnd = records.reduce((end, record) => Math.max(end, record.seq), 0)
  let gap: LogGap | undefined = saved > logEnd ? { logEnd, saved } : undefined
  if (gap !== undefined && accepted.some((range) => covers(range, gap as LogGap))) gap = undefined
  const lost = accepted.flatMap((range) => {
    const held = new Set(
      records.flatMap((record) =>
        record.seq > range.after && record.seq <= range.upTo ? [record.seq] : [],
      ),
    )
    const missing = range.upTo - range.after - held.size
    return missing > 0 ? [{ range, missing }] : []
  })
  return { gap, lost }
}

function covers(range: LostReviews, gap: LogGap): boolean {
  return range.after <= gap.logEnd && range.upTo >= gap.saved
}

/** The acceptance of `gap`, at `time`. */
export function acceptGap(gap: LogGap, time: Date): LostReviews {
  return { after: gap.logEnd, upTo: gap.saved, accepted: time.toISOString() }
}

/** An entry of `cards.json`'s `lostReviews`. */
export function isLostReviews(value: unknown): value is LostReviews {
  if (!isJsonObject(value)) return false
  const { after, upTo, accepted } = value
  if (!Number.isSafeInteger(after) || !Number.isSafeInteger(upTo)) return false
  if ((after as number) < 0 || (upTo as number) <= (after as number)) return false
  return typeof accepted === 'string' && !Number.isNaN(Date.parse(accepted))
}

/** The flag that accepts the loss. */
export const acceptFlag = '--accept-missing-reviews'

/** What the log holds, and what it lacks, said the same way everywhere. */
function gapText(reviewsPath: string, gap: LogGap): string {
  const kept = gap.logEnd === 0 ? 'holds no record' : `ends at record ${gap.logEnd}`
  return `${reviewsPath} ${kept}, but cards.json includes records up to ${gap.saved}: the log was cut short, emptied or replaced, so that review history is missing (every card's schedule is intact)`
}

/**
 * The quiz's refusal of a gap (exit 2, `review-log-gap`): nothing is
 * written, so restoring the file still brings the history back. `during`:
 * the gap came while the session ran (the log removed or replaced meanwhile),
 * and the answer about to be saved is refused.
 */
export function logGapError(reviewsPath: string, gap: LogGap, during = false): DecklabError {
  const stop = during
    ? 'This answer was not saved, and the session ends'
    : 'Nothing was changed, and no session starts'
  return new DecklabError(
    'review-log-gap',
    `${gapText(reviewsPath, gap)}. ${stop}: an answer now would hide the gap. Restore the file from a backup and run again to get that history back; or, to go on without it, run again with ${acceptFlag} (the loss is recorded, and stats and --revlog leave that history out).`,
  )
}

/**
 * What stats and build say of what the log lacks (`leftOut`: what their
 * output leaves out); '' when it lacks nothing.
 */
export function missingReviewsText(
  reviewsPath: string,
  missing: MissingReviews,
  labels: { warning: string; note: string },
  leftOut: string,
): string {
  const lines: string[] = []
  if (missing.gap !== undefined) {
    lines.push(
      `${labels.warning} ${gapText(reviewsPath, missing.gap)}. Restore the file from a backup to get it back (\`${programName()} quiz\` will not start until then, or until the loss is accepted with ${acceptFlag}); ${leftOut}.`,
    )
  }
  for (const { range, missing: count } of missing.lost) {
    const records = recordsText(range.after, range.upTo)
    const lacks = count === range.upTo - range.after ? records : `${count} of ${records}`
    lines.push(
      `${labels.note} ${reviewsPath} lacks ${lacks}: lost, and the loss accepted on ${range.accepted} (${acceptFlag}); ${leftOut}.`,
    )
  }
  return lines.map((line) => `${line}\n`).join('')
}

/** `record N` or `records A–B`: the records after `after`, up to `upTo`. */
export function recordsText(after: number, upTo: number): string {
  return upTo === after + 1 ? `record ${upTo}` : `records ${after + 1}–${upTo}`
}
