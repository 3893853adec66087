import { describe, expect, it } from 'vitest'
import {
  createScheduler,
  formatInterval,
  type Grade,
  parseGrade,
  Rating,
  State,
} from '../../src/quiz/scheduler.js'

const minute = 60_000
const day = 24 * 60 * minute

describe('the scheduler', () => {
  it('previews the four intervals of a new card (1m, 6m, 10m, 8d)', () => {
    const now = new Date('2026-01-01T10:00:00Z')
    const scheduler = createScheduler({ now: () => now })
    const outcomes = scheduler.preview(scheduler.newCard())
    expect(outcomes.map((outcome) => outcome.grade)).toEqual([
      Rating.Again,
      Rating.Hard,
      Rating.Good,
      Rating.Easy,
    ])
    expect(outcomes.map((outcome) => formatInterval(outcome.intervalMs))).toEqual([
      '1m',
      '6m',
      '10m',
      '8d',
    ])
    expect(outcomes.map((outcome) => outcome.card.state)).toEqual([
      State.Learning,
      State.Learning,
      State.Learning,
      State.Review,
    ])
  })

  it('follows a golden sequence of grades, each given when the card is due', () => {
    let clock = new Date('2026-01-01T10:00:00Z')
    const scheduler = createScheduler({ now: () => clock })
    let card = scheduler.newCard()
    const steps: [Grade, State, number, string][] = [
      [Rating.Good, State.Learning, 10 * minute, '2026-01-01T10:10:00.000Z'],
      [Rating.Good, State.Review, 2 * day, '2026-01-03T10:10:00.000Z'],
      [Rating.Good, State.Review, 11 * day, '2026-01-14T10:10:00.000Z'],
      [Rating.Again, State.Relearning, 10 * minute, '2026-01-14T10:20:00.000Z'],
      [Rating.Good, State.Review, 2 * day, '2026-01-16T10:20:00.000Z'],
      [Rating.Easy, State.Review, 8 * day, '2026-01-24T10:20:00.000Z'],
    ]
    const seen = steps.map(([grade]) => {
      const outcome = scheduler.answer(card, grade)
      card = outcome.card
      clock = card.due
      return [grade, card.state, outcome.intervalMs, card.due.toISOString()]
    })
    expect(seen).toEqual(steps)
    expect(card.reps).toBe(6)
    expect(card.lapses).toBe(1)
  })

  it('counts the days since the last review as Anki does, to the end of its 4 a.m. day (TZ=UTC)', () => {
    let clock = new Date('2026-01-01T20:00:00Z')
    const scheduler = createScheduler({ now: () => clock })
    const graduated = scheduler.answer(scheduler.newCard(), Rating.Easy).card
    const elapsed = (time: string) => {
      clock = new Date(time)
      return scheduler.answer(graduated, Rating.Good).log.elapsed_days
    }
    // Before 4 a.m. it is the same day (ts-fsrs alone counts the UTC date: 1).
    expect(elapsed('2026-01-02T03:59:00Z')).toBe(0)
    expect(elapsed('2026-01-02T04:00:00Z')).toBe(1)
    expect(elapsed('2026-01-03T03:59:00Z')).toBe(1)
    expect(elapsed('2026-01-09T12:00:00Z')).toBe(8)
    // The same-day answer grows stability by the short-term formula, as Anki's does.
    clock = new Date('2026-01-02T01:00:00Z')
    const sameDay = scheduler.answer(graduated, Rating.Good)
    clock = new Date('2026-01-02T05:00:00Z')
    const nextDay = scheduler.answer(graduated, Rating.Good)
    expect(sameDay.card.stability).toBeLessThan(nextDay.card.stability)
    // The log keeps the real last review; the card its real due date.
    expect(nextDay.log.due.toISOString()).toBe('2026-01-01T20:00:00.000Z')
    expect(nextDay.card.last_review?.toISOString()).toBe('2026-01-02T05:00:00.000Z')
    expect(nextDay.card.due.getTime() - clock.getTime()).toBe(nextDay.intervalMs)
  })

  it('accepts a card restored from JSON (dates as strings) and gives the same result', () => {
    const now = new Date('2026-02-01T08:00:00Z')
    const scheduler = createScheduler({ now: () => now })
    const first = scheduler.answer(scheduler.newCard(), Rating.Good).card
    const restored = JSON.parse(JSON.stringify(first)) as Record<string, unknown> & { due: string }
    expect(scheduler.answer(restored, Rating.Hard)).toEqual(scheduler.answer(first, Rating.Hard))
  })

  it('is deterministic: no fuzz by default', () => {
    const now = new Date('2026-03-01T00:00:00Z')
    const run = () => {
      const scheduler = createScheduler({ now: () => now })
      let card = scheduler.newCard()
      for (const grade of [Rating.Easy, Rating.Easy, Rating.Easy] as Grade[]) {
        card = scheduler.answer(card, grade).card
      }
      return card.due.toISOString()
    }
    expect(run()).toBe(run())
  })

  it('parses grade words and digits, and nothing else', () => {
    expect(['again', 'Hard', ' good ', 'EASY', '1', '2', '3', '4'].map(parseGrade)).toEqual([
      1, 2, 3, 4, 1, 2, 3, 4,
    ])
    expect(['', '0', '5', 'goood', 'g'].map(parseGrade)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ])
  })

  it('formats intervals for the buttons', () => {
    expect(
      [30_000, 10 * minute, 3 * 60 * minute, 8 * day, 120 * day, 365 * day, 548 * day].map(
        formatInterval,
      ),
    ).toEqual(['30s', '10m', '3h', '8d', '4mo', '1y', '1.5y'])
  })
})
