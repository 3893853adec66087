/**
 * The one place decklab talks to ts-fsrs: a scheduler with an injected clock,
 * deterministic parameters (no fuzz) and interval previews for the buttons;
 * days since a card's last review counted as Anki counts them (quiz-day.ts).
 */
import {
  type Card,
  type CardInput,
  createEmptyCard,
  type FSRSParameters,
  fsrs,
  type Grade,
  generatorParameters,
  Rating,
  type ReviewLog,
  State,
  TypeConvert,
} from 'ts-fsrs'
import { quizDaysSince } from './quiz-day.js'

export type { Card, Grade, ReviewLog }
export { Rating, State }

/** The four grades in button order (1–4). */
export const grades: readonly Grade[] = [Rating.Again, Rating.Hard, Rating.Good, Rating.Easy]

/** Grade names as the user types them (`again`, `hard`, `good`, `easy`). */
export const gradeNames: Readonly<Record<Grade, string>> = {
  [Rating.Again]: 'again',
  [Rating.Hard]: 'hard',
  [Rating.Good]: 'good',
  [Rating.Easy]: 'easy',
}

/** Grade labels as the buttons show them. */
export const gradeLabels: Readonly<Record<Grade, string>> = {
  [Rating.Again]: 'Again',
  [Rating.Hard]: 'Hard',
  [Rating.Good]: 'Good',
  [Rating.Easy]: 'Easy',
}

/** `good`, `3`, `Good` → Rating.Good; anything else → undefined. */
export function parseGrade(text: string): Grade | undefined {
  const word = text.trim().toLowerCase()
  const index = ['1', '2', '3', '4'].indexOf(word)
  if (index >= 0) return grades[index]
  return grades.find((grade) => gradeNames[grade] === word)
}

/** What one grade would do to a card: the new card, its log and the interval from now. */
export interface GradeOutcome {
  grade: Grade
  card: Card
  log: ReviewLog
  /** Milliseconds from the review time to the new due date. */
  intervalMs: number
}

/** A card as ts-fsrs makes it or as it comes back from JSON (dates as strings). */
export type CardLike = Card | CardInput | (Record<string, unknown> & { due: string | Date })

export interface SchedulerOptions {
  now?: (() => Date) | undefined
  /** Overrides of ts-fsrs parameters; fuzz stays off unless asked for, so runs are reproducible. */
  parameters?: Partial<FSRSParameters> | undefined
}

export interface Scheduler {
  now(): Date
  /** A card never reviewed, due now. */
  newCard(): Card
  /** The outcome of each of the four grades, in button order. */
  preview(card: CardLike): GradeOutcome[]
  /** Apply one grade at the current time. */
  answer(card: CardLike, grade: Grade): GradeOutcome
  /** The probability of recall now (0–1) of a card that has been reviewed. */
  retrievability(card: CardLike): number
}

/** Build the scheduler; `now` defaults to the wall clock. */
export function createScheduler(options: SchedulerOptions = {}): Scheduler {
  const now = options.now ?? (() => new Date())
  const engine = fsrs(generatorParameters({ enable_fuzz: false, ...options.parameters }))
  const outcome = (grade: Grade, given: Card, log: ReviewLog, at: Date): GradeOutcome => {
    const card = onLocalDay(given, at)
    const days = card.state === State.Review ? card.scheduled_days : 0
    // An interval in days is that many days, as Anki shows it, on a night the clocks change too.
    const intervalMs = days >= 1 ? days * 86_400_000 : card.due.getTime() - at.getTime()
    return { grade, card, log, intervalMs }
  }
  return {
    now,
    newCard: () => createEmptyCard(now()),
    preview(card) {
      const at = now()
      const given = cardAt(card, at)
      const record = engine.repeat(given.card, at)
      return grades.map((grade) => {
        const { card: next, log } = record[grade]
        return outcome(grade, next, { ...log, due: given.lastReview ?? log.due }, at)
      })
    },
    answer(card, grade) {
      const at = now()
      const given = cardAt(card, at)
      const { card: next, log } = engine.next(given.card, at, grade)
      return outcome(grade, next, { ...log, due: given.lastReview ?? log.due }, at)
    },
    retrievability(card) {
      const at = now()
      return engine.get_retrievability(cardAt(card, at).card, at, false)
    },
  }
}

/**
 * The card as ts-fsrs takes it at `at`, and its real last review (which the
 * review log keeps as its `due`, as ts-fsrs's own log does).
 *
 * ts-fsrs counts the days since the last review on the UTC calendar
 * (`dateDiffInDays`), and a review on the same UTC day gets its same-day
 * (short-term) stability. Anki counts them to the end of its day (4 a.m.
 * local, quiz-day.ts), as the quiz's day is counted: in UTC-5 a review at
 * 20:00 and one at 08:00 the next morning were the same UTC day to ts-fsrs,
 * one day apart to Anki. ts-fsrs is handed a last review that many whole
 * days (`quizDaysSince`) before `at`, so it counts Anki's days; the card it
 * returns (due, last review) is in real time. A last review later than `at`
 * (the clock was set back, or the state came from a machine whose clock ran
 * ahead) counts as a review just now: ts-fsrs refuses a negative time since
 * the last review, which would stop the session.
 */
function cardAt(card: CardLike, at: Date): { card: Card; lastReview: Date | undefined } {
  const converted = TypeConvert.card(card as CardInput)
  const lastReview = converted.last_review
  if (lastReview === undefined) return { card: converted, lastReview }
  const days = lastReview.getTime() > at.getTime() ? 0 : quizDaysSince(lastReview, at)
  return {
    card: { ...converted, last_review: new Date(at.getTime() - days * 86_400_000) },
    lastReview,
  }
}

/**
 * A review card's due time as the same local clock time `scheduled_days`
 * calendar days after `at`, so it falls on the quiz day that many days
 * later, as Anki's due day does. ts-fsrs adds 24-hour days: across the
 * night clocks go back, a card answered at 04:30 with 1d was due at 03:30,
 * before 4 a.m., on the quiz day it was answered (shown again that day), and
 * one with 8d a day early; across the night they go forward, one answered at
 * 03:30 (the day before) came a day late.
 */
function onLocalDay(card: Card, at: Date): Card {
  if (card.state !== State.Review || card.scheduled_days < 1) return card
  const due = new Date(
    at.getFullYear(),
    at.getMonth(),
    at.getDate() + card.scheduled_days,
    at.getHours(),
    at.getMinutes(),
    at.getSeconds(),
    at.getMilliseconds(),
  )
  return { ...card, due }
}

/** A short human interval: `45s`, `10m`, `3h`, `8d`, `4mo`, `1.5y`. */
export function formatInterval(milliseconds: number): string {
  const seconds = Math.max(0, Math.round(milliseconds / 1000))
  if (seconds < 60) return `${seconds}s`
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes}m`
  const hours = Math.round(minutes / 60)
  if (hours < 24) return `${hours}h`
  const days = Math.round(hours / 24)
  if (days < 31) return `${days}d`
  if (days < 365) return `${Math.round(days / 30)}mo`
  const years = days / 365
  return `${Number.isInteger(Math.round(years * 10) / 10) ? Math.round(years) : (Math.round(years * 10) / 10).toFixed(1)}y`
}
