/**
 * The review log as FSRS's optimizer reads it (fsrs-optimizer's review-log
 * schema): one row per review, in the order the log recorded them (by `seq`,
 * not by the clock, which may have been set back), with the columns `card_id`
 * (decklab's card key, `<guid>/<ord>`), `review_time` (ms since the epoch),
 * `review_rating` (1 Again … 4 Easy), `review_state` (the card's state
 * before the review: 0 new, 1 learning, 2 review, 3 relearning) and
 * `review_duration`, 0 on every row: decklab does not time answers. The
 * schema calls that column optional, but the optimizer's Rust binding
 * (`@open-spaced-repetition/binding`, `convertCsvToFsrsItems`) refuses a log
 * without it ("missing field `review_duration`"), and fsrs-optimizer reads a
 * column of zeros as no durations. Reviews taken back by undo are left out.
 */
import { contentKeyPrefix } from '../model/note-key.js'
import type { QuizCard } from './quiz-card.js'
import type { ReviewRecord } from './review-record.js'

export const revlogHeader = 'card_id,review_time,review_rating,review_state,review_duration'

/** The header of the logs decklab wrote before it wrote `review_duration`: still its own. */
export const legacyRevlogHeader = 'card_id,review_time,review_rating,review_state'

/**
 * The CSV text (with a header line and a final newline). A review kept while
 * its note had no ID (under its content key) is written under the key of the
 * card in `cards` that took its progress over, so one card has one history.
 */
export function revlogCsv(
  reviews: readonly Extract<ReviewRecord, { type: 'review' }>[],
  cards: readonly QuizCard[],
): string {
  const keyOf = idKeys(reviews, cards)
  const rows = [...reviews]
    .sort((left, right) => left.seq - right.seq)
    .map((review) => {
      const time = Date.parse(review.time)
      return `${csvField(keyOf(review.key))},${time},${review.grade},${review.log.state},0`
    })
  return `${[revlogHeader, ...rows].join('\n')}\n`
}

/** Content key → the key of the card with an ID it now is, as the store's `lookup` finds it. */
function idKeys(
  reviews: readonly Extract<ReviewRecord, { type: 'review' }>[],
  cards: readonly QuizCard[],
): (key: string) => string {
  // Only a log that holds content keys needs them (computing one is a hash).
  if (!reviews.some((review) => review.key.startsWith(contentKeyPrefix))) return (key) => key
  const byContent = new Map<string, string>()
  for (const card of cards) {
    if (card.note.id !== null && !byContent.has(card.contentKey)) {
      byContent.set(card.contentKey, card.key)
    }
  }
  return (key) => byContent.get(key) ?? key
}

/** A CSV field, quoted when it holds a comma, a quote or a line break (GUIDs can hold `,` and `"`). */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}
