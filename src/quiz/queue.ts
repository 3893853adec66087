/**
 * What a session shows next (pure). Cards answered in this session that
 * FSRS gave a (re)learning step (minutes, not days) come back, as in Anki,
 * whose intraday learning queue knows no day boundary: a 10-minute step
 * taken at 23:55 comes back at 00:05.
 *
 * 1. a learning card that is due now comes first;
 * 2. then the next planned card (due reviews, then new cards);
 * 3. when none is left, a learning card due within the learn-ahead limit is
 *    shown at once instead of waited for;
 * 4. otherwise the session waits for the next learning card;
 * 5. and ends when no card is left and none waits for a step.
 */
import type { QuizCard } from './quiz-card.js'

/** Anki's default learn-ahead limit: 20 minutes. */
export const defaultLearnAheadMs = 20 * 60_000

/** A card waiting for its next learning step. */
export interface LearningEntry {
  card: QuizCard
  /** When the step is due (ms since the epoch). */
  due: number
}

export type NextStep =
  | { kind: 'show'; card: QuizCard; from: 'planned' | 'learning' }
  | { kind: 'wait'; card: QuizCard; until: number }
  | { kind: 'done' }

/** The queue's whole state; a copy is kept per answer so undo can restore it. */
export interface QueueState {
  planned: readonly QuizCard[]
  /** Index of the next planned card. */
  nextPlanned: number
  /** Learning cards, soonest due first. */
  learning: readonly LearningEntry[]
}

export function createQueue(planned: readonly QuizCard[]): QueueState {
  return { planned, nextPlanned: 0, learning: [] }
}

/** Decide what comes next at `now`. */
export function nextStep(state: QueueState, now: number, learnAheadMs: number): NextStep {
  const soonest = state.learning[0]
  if (soonest && soonest.due <= now) return { kind: 'show', card: soonest.card, from: 'learning' }
  const planned = state.planned[state.nextPlanned]
  if (planned) return { kind: 'show', card: planned, from: 'planned' }
  if (!soonest) return { kind: 'done' }
  if (soonest.due <= now + learnAheadMs) {
    return { kind: 'show', card: soonest.card, from: 'learning' }
  }
  return { kind: 'wait', card: soonest.card, until: soonest.due }
}

/**
 * The state after `card` (shown from `from`) was answered and is next due at
 * `due`: it leaves the queue, and comes back when that due is a (re)learning
 * `step`, not an interval in days.
 */
export function afterAnswer(
  state: QueueState,
  card: QuizCard,
  from: 'planned' | 'learning',
  due: number,
  step: boolean,
): QueueState {
  const learning = state.learning.filter((entry) => entry.card.key !== card.key)
  if (step) {
    learning.push({ card, due })
    learning.sort((left, right) => left.due - right.due)
  }
  return {
    planned: state.planned,
    nextPlanned: from === 'planned' ? state.nextPlanned + 1 : state.nextPlanned,
    learning,
  }
}

/** Cards still to show: the planned ones not yet reached and the learning ones waiting. */
export function remaining(state: QueueState): number {
  return state.planned.length - state.nextPlanned + state.learning.length
}

/** The card reloaded after an edit takes the old one's place; undefined drops it. */
export function replaceCard(
  state: QueueState,
  old: QuizCard,
  fresh: QuizCard | undefined,
): QueueState {
  const planned = state.planned.flatMap((card, index) => {
    if (card !== old || index < state.nextPlanned) return [card]
    return fresh ? [fresh] : []
  })
  const learning = state.learning.flatMap((entry) => {
    if (entry.card !== old) return [entry]
    return fresh ? [{ ...entry, card: fresh }] : []
  })
  return { planned, nextPlanned: state.nextPlanned, learning }
}
