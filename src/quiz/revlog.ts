/**
 * The review log as FSRS's optimizer reads it (fsrs-optimizer's review-log
 * schema): one row per review, oldest first, with the columns `card_id`
 * (decklab's card key, `<guid>/<ord>`), `review_time` (ms since the epoch),
 * `review_rating` (1 Again … 4 Easy) and `review_state` (the card's state
 * before the review: 0 new, 1 learning, 2 review, 3 relearning). Reviews taken
 * back by undo are left out. The optional `review_duration` is not written:
 * decklab does not time answers.
 */
import type { ReviewRecord } from './review-log.js'

export const revlogHeader = 'card_id,review_time,review_rating,review_state'

/** The CSV text (with a header line and a final newline). */
export function revlogCsv(reviews: readonly Extract<ReviewRecord, { type: 'review' }>[]): string {
  const rows = [...reviews]
    .map((review) => ({ review, time: Date.parse(review.time) }))
    .sort((left, right) => left.time - right.time || left.review.seq - right.review.seq)
    .map(({ review, time }) => {
      const state = typeof review.log.state === 'number' ? review.log.state : ''
      return `${csvField(review.key)},${time},${review.grade},${state}`
    })
  return `${[revlogHeader, ...rows].join('\n')}\n`
}

/** A CSV field, quoted when it holds a comma, a quote or a line break (GUIDs can hold `,` and `"`). */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}
