/**
 * A review card's due day across the nights the clocks change (Europe/Berlin):
 * an interval of N days lands on the quiz day N days later, as Anki's due day
 * does, however many hours those days have.
 */
process.env.TZ = 'Europe/Berlin'

import { describe, expect, it } from 'vitest'
import { quizDayNumber } from '../../src/quiz/quiz-day.js'
import { createScheduler, formatInterval, Rating, State } from '../../src/quiz/scheduler.js'
import { reviewPlace } from '../../src/quiz/session.js'

/** Berlin wall-clock time (`2026-10-24T04:30`) as a Date, via its UTC offset then. */
function berlin(text: string, utcOffsetHours: number): Date {
  return new Date(`${text}:00+0${utcOffsetHours}:00`)
}

/** A new card graded Easy (8 days) at `at`. */
function answered(at: Date) {
  const scheduler = createScheduler({ now: () => at })
  return scheduler.answer(scheduler.newCard(), Rating.Easy)
}

describe('a review card answered on the eve of a clock change', () => {
  // ts-fsrs adds 24-hour days: answered at 04:30 on 24 October, 8 days later was 03:30 on
  // 1 November (after the clocks went back), before 4 a.m., so the quiz and stats took it
  // on 31 October, a day early.
  it('is due on the quiz day its interval names when the clocks go back', () => {
    const at = berlin('2026-10-24T04:30', 2)
    const outcome = answered(at)
    expect(outcome.card.state).toBe(State.Review)
    expect(outcome.card.scheduled_days).toBe(8)
    expect(quizDayNumber(outcome.card.due.getTime()) - quizDayNumber(at.getTime())).toBe(8)
    expect(outcome.card.due.getHours()).toBe(4)
    expect(formatInterval(outcome.intervalMs)).toBe('8d')
    // The evening of 31 October it waits; on the morning of 1 November it is due.
    const state = { due: outcome.card.due, state: outcome.card.state }
    expect(reviewPlace(state, { now: berlin('2026-10-31T21:00', 1) })).toBeUndefined()
    expect(reviewPlace(state, { now: berlin('2026-11-01T04:30', 1) })).toBe('due')
  })

  // 1d from 04:30 on 24 October was 03:30 the next night: still the quiz day it was answered
  // on, so a session later that day showed the card again.
  it('is not due again the same quiz day with an interval of 1 day', () => {
    const at = berlin('2026-10-24T04:30', 2)
    // A maximum interval of 1 day: Easy on a new card gives 1d.
    const scheduler = createScheduler({ now: () => at, parameters: { maximum_interval: 1 } })
    const outcome = scheduler.answer(scheduler.newCard(), Rating.Easy)
    expect([outcome.card.state, outcome.card.scheduled_days]).toEqual([State.Review, 1])
    expect(quizDayNumber(outcome.card.due.getTime())).toBe(quizDayNumber(at.getTime()) + 1)
    expect(formatInterval(outcome.intervalMs)).toBe('1d')
    const state = { due: outcome.card.due, state: outcome.card.state }
    expect(reviewPlace(state, { now: berlin('2026-10-24T22:00', 2) })).toBeUndefined()
  })

  // Answered at 03:30 on 28 March (the quiz day of the 27th), 8 days later was 04:30 on 5 April
  // after the clocks went forward: the quiz day of 5 April, a day late.
  it('is due on the quiz day its interval names when the clocks go forward', () => {
    const at = berlin('2026-03-28T03:30', 1)
    const outcome = answered(at)
    expect(quizDayNumber(outcome.card.due.getTime()) - quizDayNumber(at.getTime())).toBe(8)
    expect(outcome.card.due.getHours()).toBe(3)
  })
})
