/**
 * Numbers about a vault's progress (pure): cards, new, due today, reviews,
 * retention, per-deck counts and the due counts of the coming week; and the
 * end-of-session summary.
 */

import { contentKeyPrefix } from '../model/note-key.js'
import { compareStrings } from '../text/compare-strings.js'
import { formatLocalTime } from '../text/local-time.js'
import type { StoredCard } from './cards-file.js'
import type { QuizCard } from './quiz-card.js'
import { quizDayStart } from './quiz-day.js'
import type { SessionResult } from './review.js'
import type { ReviewRecord } from './review-record.js'
import { Rating, State } from './scheduler.js'

export interface DeckStats {
  deck: string
  cards: number
  new: number
  due: number
}

export interface DayCount {
  /** Local date `YYYY-MM-DD` on which the quiz day starts (at 4 a.m.). */
  date: string
  due: number
}

export interface VaultStats {
  cards: number
  /** Cards never reviewed. */
  new: number
  /** Reviewed cards due by the end of the quiz's day (4 a.m. local, quiz-day.ts), overdue ones included. */
  due: number
  /**
   * Of `due`, the cards whose note has another card due first: a session
   * shows one card per note (siblings wait, as Anki buries them), so these
   * come in later sessions, one more of each note per session.
   */
  dueSiblings: number
  /** Review records of these cards, not counting reviews taken back by undo. */
  reviews: number
  /**
   * Share of reviews of cards in the Review state (due reviews, not learning
   * steps) that were not graded Again: true retention, as Anki's stats call
   * it. Null before the first such review.
   */
  retention: number | null
  decks: DeckStats[]
  /** Reviewed cards falling due on each of the next 7 days (today includes overdue). */
  week: DayCount[]
}

/** Compute the stats of `cards` given the stored state and the effective reviews. */
export function computeStats(
  cards: readonly QuizCard[],
  stored: (card: QuizCard) => StoredCard | undefined,
  reviews: readonly Extract<ReviewRecord, { type: 'review' }>[],
  now: Date,
): VaultStats {
  const dayStarts = Array.from({ length: 8 }, (_, offset) => quizDayStart(now, offset))
  const endOfToday = dayStarts[1]!.getTime()
  const week = dayStarts
    .slice(0, 7)
    .map((start) => ({ date: formatLocalTime(start, 'day'), due: 0 }))
  const decks = new Map<string, DeckStats>()
  let fresh = 0
  let due = 0
  const dueByNote = new Map<QuizCard['note'], number>()
  const keys = new Set<string>()
  for (const card of cards) {
    keys.add(card.key)
    const deck = decks.get(card.note.deck) ?? { deck: card.note.deck, cards: 0, new: 0, due: 0 }
    decks.set(card.note.deck, deck)
    deck.cards += 1
    const state = stored(card)
    if (state === undefined) {
      fresh += 1
      deck.new += 1
      continue
    }
    const at = new Date(state.due).getTime()
    if (at < endOfToday) {
      due += 1
      deck.due += 1
      dueByNote.set(card.note, (dueByNote.get(card.note) ?? 0) + 1)
    }
    if (at < dayStarts[7]!.getTime()) {
      let day = 0
      while (at >= dayStarts[day + 1]!.getTime()) day += 1
      week[day]!.due += 1
    }
  }
  // Reviews kept while a note had no ID are under its content key: still its card's reviews.
  if (reviews.some((review) => review.key.startsWith(contentKeyPrefix))) {
    for (const card of cards) if (card.note.id !== null) keys.add(card.contentKey)
  }
  let counted = 0
  let reviewState = 0
  let recalled = 0
  for (const review of reviews) {
    if (!keys.has(review.key)) continue
    counted += 1
    if (review.log.state === State.Review) {
      reviewState += 1
      if (review.grade !== Rating.Again) recalled += 1
    }
  }
  return {
    cards: cards.length,
    new: fresh,
    due,
    dueSiblings: [...dueByNote.values()].reduce((sum, count) => sum + count - 1, 0),
    reviews: counted,
    retention: reviewState === 0 ? null : recalled / reviewState,
    // Case-insensitive, as Anki lists decks; ties by code point, so the order is total.
    decks: [...decks.values()].sort(
      (left, right) =>
        compareStrings(left.deck.toLowerCase(), right.deck.toLowerCase()) ||
        compareStrings(left.deck, right.deck),
    ),
    week,
  }
}

/** A small bar chart of the week: one line per day, `█` per card (scaled to `width`). */
export function weekChart(week: readonly DayCount[], width = 30): string {
  const most = Math.max(1, ...week.map((day) => day.due))
  return week
    .map((day, index) => {
      const length = Math.round((day.due / most) * width)
      const bar = '█'.repeat(length) || (day.due > 0 ? '▏' : '')
      const label = index === 0 ? 'today     ' : day.date
      // A day with no bar ends at its number: no space is left at the end of a line.
      return `  ${label} ${String(day.due).padStart(4)}${bar === '' ? '' : ` ${bar}`}`
    })
    .join('\n')
}

export interface SessionSummary {
  reviewed: number
  /** Answers not graded Again (Hard, Good or Easy). */
  recalled: number
  /** `recalled` of `reviewed`, in whole percent; null when nothing was reviewed. */
  recalledPercent: number | null
  /**
   * `recalled` and `recalledPercent` under their first names, kept for the
   * scripts that read them: a review's `correct` says whether its typed text
   * matched, which is another thing.
   */
  correct: number
  correctPercent: number | null
  timeMs: number
  /**
   * When the first of the reviewed cards of `cards` (the session's scope) is
   * due after the session: a learning step at its minute, a card in review
   * from the start of its quiz day (4 a.m.), as the next session takes it.
   */
  nextDue: string | null
  end: SessionResult['end']
}

/** Summarise a session. */
export function summarizeSession(
  result: SessionResult,
  cards: readonly QuizCard[],
  stored: (card: QuizCard) => StoredCard | undefined,
): SessionSummary {
  const recalled = result.reviewed.filter((review) => review.grade !== Rating.Again).length
  const recalledPercent =
    result.reviewed.length === 0 ? null : Math.round((recalled / result.reviewed.length) * 100)
  let nextDue: number | undefined
  for (const card of cards) {
    const state = stored(card)
    if (!state) continue
    const at = dueFrom(state)
    if (nextDue === undefined || at < nextDue) nextDue = at
  }
  return {
    reviewed: result.reviewed.length,
    recalled,
    recalledPercent,
    correct: recalled,
    correctPercent: recalledPercent,
    timeMs: Math.max(0, result.endedAt.getTime() - result.startedAt.getTime()),
    nextDue: nextDue === undefined ? null : new Date(nextDue).toISOString(),
    end: result.end,
  }
}

/** `1m 05s`, `42s`. */
export function formatDuration(milliseconds: number): string {
  const seconds = Math.round(milliseconds / 1000)
  if (seconds < 60) return `${seconds}s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`
}

/**
 * When a stored card comes due for the quiz (ms): a card in review all of its
 * due day, from the 4 a.m. that starts it, a learning step at its minute.
 */
function dueFrom(state: StoredCard): number {
  const due = new Date(state.due)
  return state.state === State.Review ? quizDayStart(due, 0).getTime() : due.getTime()
}
