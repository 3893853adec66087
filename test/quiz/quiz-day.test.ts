/**
 * The quiz day from 4 a.m. local time on the days clocks change: a day of
 * 23 or 25 hours must still start at 4 a.m. on the clock.
 */
process.env.TZ = 'Europe/Berlin'

import { describe, expect, it } from 'vitest'
import { quizDayNumber, quizDayStart, quizDaysSince } from '../../src/quiz/quiz-day.js'

/** Berlin wall-clock time (`2026-03-29T04:30`) as a Date, via its UTC offset then. */
function berlin(text: string, utcOffsetHours: number): Date {
  const sign = utcOffsetHours >= 0 ? '+' : '-'
  return new Date(`${text}:00${sign}0${Math.abs(utcOffsetHours)}:00`)
}

/** The day number of a calendar date (`2026-03-29`): days since 1970-01-01. */
function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 86_400_000
}

describe('the quiz day in Europe/Berlin', () => {
  it('is this zone', () => {
    expect(berlin('2026-03-29T04:30', 2).getHours()).toBe(4)
    expect(berlin('2026-01-15T12:00', 1).getTimezoneOffset()).toBe(-60)
  })

  // Clocks go from 02:00 to 03:00 on 2026-03-29: midnight to 4 a.m. is 3 hours.
  it('starts at 4 a.m. on the day clocks go forward', () => {
    expect(quizDayNumber(berlin('2026-03-29T03:59', 2).getTime())).toBe(dayNumber('2026-03-28'))
    expect(quizDayNumber(berlin('2026-03-29T04:00', 2).getTime())).toBe(dayNumber('2026-03-29'))
    expect(quizDayNumber(berlin('2026-03-29T04:30', 2).getTime())).toBe(dayNumber('2026-03-29'))
    expect(quizDayStart(berlin('2026-03-29T04:30', 2), 0)).toEqual(berlin('2026-03-29T04:00', 2))
    expect(quizDayStart(berlin('2026-03-29T04:30', 2), 1)).toEqual(berlin('2026-03-30T04:00', 2))
    expect(quizDayStart(berlin('2026-03-29T03:30', 2), 0)).toEqual(berlin('2026-03-28T04:00', 1))
  })

  // Clocks go from 03:00 back to 02:00 on 2026-10-25: midnight to 4 a.m. is 5 hours.
  it('starts at 4 a.m. on the day clocks go back', () => {
    expect(quizDayNumber(berlin('2026-10-25T03:30', 1).getTime())).toBe(dayNumber('2026-10-24'))
    expect(quizDayNumber(berlin('2026-10-25T04:00', 1).getTime())).toBe(dayNumber('2026-10-25'))
    expect(quizDayStart(berlin('2026-10-25T03:30', 1), 0)).toEqual(berlin('2026-10-24T04:00', 2))
    expect(quizDayStart(berlin('2026-10-25T03:30', 1), 1)).toEqual(berlin('2026-10-25T04:00', 1))
  })

  it('counts days since a review as Anki does across the change', () => {
    // Reviewed the morning before clocks go forward; answered the next morning: 1 day.
    expect(quizDaysSince(berlin('2026-03-28T10:00', 1), berlin('2026-03-29T10:00', 2))).toBe(1)
    // Reviewed late in the evening, answered at 03:30 after the change: the same quiz day.
    expect(quizDaysSince(berlin('2026-03-28T23:00', 1), berlin('2026-03-29T03:30', 2))).toBe(0)
    expect(quizDaysSince(berlin('2026-10-24T23:00', 2), berlin('2026-10-25T03:30', 1))).toBe(0)
    expect(quizDaysSince(berlin('2026-10-24T10:00', 2), berlin('2026-10-25T10:00', 1))).toBe(1)
  })
})
