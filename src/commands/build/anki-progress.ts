/**
 * The terminal's FSRS schedule as Anki card scheduling and review-log rows
 * (`decklab build --with-progress`), for Anki's v1 scheduler (schema 11):
 *
 * - a Review card is due on the same day, counted in the package
 *   collection's days (the importer moves it onto the target collection's
 *   calendar), with its FSRS interval as `ivl`; the day is the local
 *   calendar day of its due moment, starting at 4 a.m. as Anki's do. The
 *   package collection is created at the 4 a.m. that starts the build's day
 *   (`progressCollectionCreated`): the importer counts the days between
 *   build and import in the package's days, so they must turn when the
 *   user's do;
 * - a Learning card is an Anki learning card due at the same moment, with the
 *   steps it has left (`left`: FSRS's 1m and 10m are Anki's default new-card
 *   steps, so a card failed back to the 1m step has both left); a Relearning
 *   card a lapsed review card in its (one) relearning step;
 * - Anki 2.1 has no FSRS memory state, so the ease factor is Anki's default 250%.
 */

import type { CardProgress, CardScheduling, RevlogRow } from '../../anki/progress-rows.js'
import type { IdentifiedNote } from '../../model/identity.js'
import { cardKey, noteContentKey } from '../../model/note-key.js'
import type { StoredCard } from '../../quiz/cards-file.js'
import { quizDayNumber, quizDayStart } from '../../quiz/quiz-day.js'
import type { ReviewRecord } from '../../quiz/review-record.js'
import { State } from '../../quiz/scheduler.js'
import type { Store } from '../../quiz/store.js'

const defaultFactor = 2500
/** FSRS's learning steps (1m, 10m) and relearning steps (10m), as many as Anki's default delays. */
const learningSteps = 2
const relearningSteps = 1

/** The Anki rows of one reviewed card. */
export function ankiProgress(
  card: StoredCard,
  reviews: readonly Extract<ReviewRecord, { type: 'review' }>[],
  options: { now: Date; collectionCreated: number },
): CardProgress {
  return {
    scheduling: ankiScheduling(card, options),
    revlog: [...reviews]
      .sort((left, right) => Date.parse(left.time) - Date.parse(right.time) || left.seq - right.seq)
      .map(revlogEntry),
  }
}

/** The scheduling columns of a card in the package. */
export function ankiScheduling(
  card: StoredCard,
  options: { now: Date; collectionCreated: number },
): CardScheduling {
  const due = Date.parse(card.due)
  const reps = numberField(card.reps)
  const lapses = numberField(card.lapses)
  const interval = Math.max(1, numberField(card.scheduled_days))
  if (card.state === State.Review) {
    // Anki's v1 day number: whole days since the collection was created.
    const today = Math.floor((options.now.getTime() / 1000 - options.collectionCreated) / 86_400)
    // Calendar days, not a rounded difference: due at 22:30 in 7 days and 12.5 hours is 7 days.
    // Anki's day starts at 4 a.m. (its default "next day starts at"), as the quiz's (quiz-day.ts).
    const days = quizDayNumber(due) - quizDayNumber(options.now.getTime())
    return {
      type: 2,
      queue: 2,
      due: today + days,
      ivl: interval,
      factor: defaultFactor,
      reps,
      lapses,
      left: 0,
    }
  }
  const seconds = Math.floor(due / 1000)
  if (card.state === State.Relearning) {
    return {
      type: 2,
      queue: 1,
      due: seconds,
      ivl: interval,
      factor: defaultFactor,
      reps,
      lapses,
      left: stepsLeft(card, relearningSteps),
    }
  }
  // Learning (a new card never reaches the store).
  const left = stepsLeft(card, learningSteps)
  return { type: 1, queue: 1, due: seconds, ivl: 0, factor: 0, reps, lapses, left }
}

/**
 * Anki's `left` for a (re)learning card: the steps it has left, this one
 * included (FSRS's `learning_steps` is the index of the step it waits in),
 * as today's count × 1000 + the total; Anki recounts today's part at its
 * next answer. A card failed back to the first of two steps has 2 left: with
 * 1, Anki's Good graduated it to a 1-day review instead of its 10m step.
 */
function stepsLeft(card: StoredCard, steps: number): number {
  const index = numberField(card.learning_steps)
  const left = Math.min(steps, Math.max(1, steps - index))
  return left * 1000 + left
}

/**
 * The creation time (`crt`, seconds) of a package with progress: the local
 * 4 a.m. that starts the Anki day of `now`, as Anki sets a new collection's.
 * Anki 2.1's importer moves a review card's due day back by the package's
 * day number minus the collection's (`aheadBy`), both counted at import
 * time: with a package day that turned at another hour than the user's (the
 * fixed `CREATED` turns at 22:13 UTC), a card came a day early when the
 * build and the import were on either side of that hour.
 */
export function progressCollectionCreated(now: Date): number {
  return Math.floor(quizDayStart(now, 0).getTime() / 1000)
}

function revlogEntry(review: Extract<ReviewRecord, { type: 'review' }>): RevlogRow {
  const time = Date.parse(review.time)
  const before = typeof review.log.state === 'number' ? review.log.state : State.New
  return {
    time,
    ease: review.grade,
    ivl: revlogInterval(review.card, time),
    lastIvl: review.previous ? previousInterval(review.previous) : 0,
    // A lapsed card keeps its ease in Anki (the card row says 2500 too); only learning has none.
    factor:
      review.card.state === State.Review || review.card.state === State.Relearning
        ? defaultFactor
        : 0,
    // Anki's revlog types: 0 learning (new cards too), 1 review, 2 relearning.
    type: before === State.Review ? 1 : before === State.Relearning ? 2 : 0,
  }
}

/** Days for a review card; minus the seconds to its step for a (re)learning one. */
function revlogInterval(card: StoredCard, at: number): number {
  if (card.state === State.Review) return Math.max(1, numberField(card.scheduled_days))
  return -Math.max(1, Math.round((Date.parse(card.due) - at) / 1000))
}

/**
 * The interval the card had before this review, as Anki logs `lastIvl`: days
 * for a review card, minus the seconds of the step it waited in for a
 * (re)learning one, measured from the review that set it. (Measured from
 * this review, a step already due gave -1 for every learning card.)
 */
function previousInterval(card: StoredCard): number {
  if (card.state === State.Review) return revlogInterval(card, 0)
  const from = typeof card.last_review === 'string' ? Date.parse(card.last_review) : Number.NaN
  // A card stored without its last review (none has been seen) gives no interval.
  return Number.isNaN(from) ? 0 : revlogInterval(card, from)
}

function numberField(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0
}

/**
 * For `build --with-progress`: each note's reviewed cards (by ord) as Anki
 * rows, from the state's cards and review log. Progress kept under a content
 * key (before the note had an ID) counts as the note's.
 */
export function packageProgress(
  store: Pick<Store, 'lookup' | 'reviews'>,
  options: { now: Date; collectionCreated: number },
): (
  note: IdentifiedNote,
  /** The note's cards as the package has them (`cardOrds` of its rendered fields). */
  ords: readonly number[],
) => ReadonlyMap<number, CardProgress> | undefined {
  const reviewsByKey = new Map<string, Extract<ReviewRecord, { type: 'review' }>[]>()
  for (const review of store.reviews()) {
    const list = reviewsByKey.get(review.key) ?? []
    list.push(review)
    reviewsByKey.set(review.key, list)
  }
  return (note, ords) => {
    let progress: Map<number, CardProgress> | undefined
    let content: string | undefined
    for (const ord of ords) {
      const key = cardKey(note.guid, ord)
      const contentKey = () => {
        content ??= noteContentKey(note)
        return cardKey(content, ord)
      }
      const stored = store.lookup({
        note,
        ord,
        key,
        get contentKey() {
          return contentKey()
        },
      })
      if (!stored) continue
      const reviews = [...(reviewsByKey.get(contentKey()) ?? []), ...(reviewsByKey.get(key) ?? [])]
      progress ??= new Map()
      progress.set(ord, ankiProgress(stored, reviews, options))
    }
    return progress
  }
}
