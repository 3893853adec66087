import { describe, expect, it } from 'vitest'
import type { StoredCard } from '../../src/quiz/cards-file.js'
import { quizDayStart } from '../../src/quiz/quiz-day.js'
import type { ReviewRecord } from '../../src/quiz/review-record.js'
import { Rating, State } from '../../src/quiz/scheduler.js'
import { collectCards } from '../../src/quiz/session.js'
import { computeStats, formatDuration, summarizeSession, weekChart } from '../../src/quiz/stats.js'
import { makeNote } from './helpers.js'

const now = new Date(2026, 4, 10, 12, 0, 0) // local time, so "today" is unambiguous
const at = (days: number, hours = 0) => new Date(2026, 4, 10 + days, 12 + hours, 0, 0).toISOString()

function review(key: string, grade: 1 | 2 | 3 | 4, state: State, seq: number) {
  return {
    type: 'review',
    seq,
    key,
    rating: 'x',
    grade,
    time: now.toISOString(),
    log: { state },
    card: { due: now.toISOString(), state: 2 },
    previous: null,
  } as Extract<ReviewRecord, { type: 'review' }>
}

describe('vault stats', () => {
  const { cards } = collectCards([
    makeNote({ id: 1, deck: 'A' }),
    makeNote({ id: 2, deck: 'A' }),
    makeNote({ id: 3, deck: 'B' }),
    makeNote({ id: 4, deck: 'B' }),
    makeNote({ id: 5, deck: 'B' }),
  ])
  const [one, two, three, four] = cards.map((card) => card.key)
  const stored = new Map<string, StoredCard>([
    [one!, { due: at(-3), state: 2 }], // overdue: due today
    [two!, { due: at(0, 6), state: 2 }], // later today (18:00)
    [three!, { due: at(2), state: 2 }],
    [four!, { due: at(30), state: 2 }], // beyond the week
  ])

  it('counts cards, new, due by the end of today, per deck and per day', () => {
    const stats = computeStats(cards, (card) => stored.get(card.key), [], now)
    expect(stats).toMatchObject({
      cards: 5,
      new: 1,
      due: 2,
      dueSiblings: 0,
      reviews: 0,
      retention: null,
    })
    expect(stats.decks).toEqual([
      { deck: 'A', cards: 2, new: 0, due: 2 },
      { deck: 'B', cards: 3, new: 1, due: 0 },
    ])
    expect(stats.week.map((day) => day.due)).toEqual([2, 0, 1, 0, 0, 0, 0])
    expect(stats.week[0]!.date).toBe('2026-05-10')
  })

  it('counts the day from 4 a.m. local: a card due at 03:00 is due today, and at 00:30 it is still yesterday', () => {
    const { cards: two } = collectCards([makeNote({ id: 6 }), makeNote({ id: 7 })])
    const times = new Map<string, StoredCard>([
      [two[0]!.key, { due: at(0, 15), state: 2 }], // 03:00 tomorrow: before the day turns
      [two[1]!.key, { due: at(0, 17), state: 2 }], // 05:00 tomorrow
    ])
    const noon = computeStats(two, (card) => times.get(card.key), [], now)
    expect(noon.due).toBe(1)
    expect(noon.week.slice(0, 2)).toEqual([
      { date: '2026-05-10', due: 1 },
      { date: '2026-05-11', due: 1 },
    ])
    // 00:30 on May 11 is in the day of May 10: only the 03:00 card is due.
    const late = computeStats(two, (card) => times.get(card.key), [], new Date(2026, 4, 11, 0, 30))
    expect(late.due).toBe(1)
    expect(late.week[0]).toEqual({ date: '2026-05-10', due: 1 })
    expect(late.week[1]).toEqual({ date: '2026-05-11', due: 1 })
    const turned = computeStats(two, (card) => times.get(card.key), [], new Date(2026, 4, 11, 4))
    expect(turned.due).toBe(2)
    expect(turned.week[0]).toEqual({ date: '2026-05-11', due: 2 })
  })

  it('counts apart the due cards whose note has another card due (siblings, for a later session)', () => {
    const { cards: pair } = collectCards([
      makeNote({ id: 8, noteType: 'Basic (and reversed card)' }),
      makeNote({ id: 9, noteType: 'Basic (and reversed card)' }),
    ])
    const due = new Map<string, StoredCard>([
      [pair[0]!.key, { due: at(-1), state: 2 }],
      [pair[1]!.key, { due: at(0, 3), state: 2 }], // the sibling, due later today
      [pair[2]!.key, { due: at(-2), state: 2 }],
      [pair[3]!.key, { due: at(1), state: 2 }], // tomorrow: not due, no sibling of a due card
    ])
    const stats = computeStats(pair, (card) => due.get(card.key), [], now)
    expect(stats).toMatchObject({ due: 3, dueSiblings: 1 })
  })

  it('counts reviews of these cards and the retention of Review-state reviews', () => {
    const reviews = [
      review(one!, Rating.Good, State.New, 1), // learning: not in retention
      review(one!, Rating.Good, State.Review, 2),
      review(two!, Rating.Again, State.Review, 3),
      review(three!, Rating.Hard, State.Review, 4),
      review(three!, Rating.Easy, State.Review, 5),
      review('someone-else/0', Rating.Again, State.Review, 6), // not in this vault
    ]
    const stats = computeStats(cards, (card) => stored.get(card.key), reviews, now)
    expect(stats.reviews).toBe(5)
    expect(stats.retention).toBe(3 / 4)
  })

  it('counts the reviews a card had before its note got an ID, under its content key', () => {
    const first = cards[0]!
    const reviews = [
      review(first.contentKey, Rating.Good, State.New, 1),
      review(first.key, Rating.Good, State.Learning, 2),
    ]
    expect(computeStats(cards, (card) => stored.get(card.key), reviews, now).reviews).toBe(2)
  })

  it('draws the week as bars scaled to the busiest day', () => {
    const chart = weekChart(
      [
        { date: '2026-05-10', due: 4 },
        { date: '2026-05-11', due: 2 },
        { date: '2026-05-12', due: 0 },
      ],
      8,
    )
    expect(chart.split('\n')).toEqual([
      '  today         4 ████████',
      '  2026-05-11    2 ████',
      '  2026-05-12    0',
    ])
  })

  it('leaves no space at the end of a day without a bar, today included', () => {
    const chart = weekChart(
      [
        { date: '2026-05-10', due: 0 },
        { date: '2026-05-11', due: 0 },
      ],
      8,
    )
    expect(chart.split('\n')).toEqual(['  today         0', '  2026-05-11    0'])
  })
})

describe('the session summary', () => {
  it('gives reviewed, recalled (not Again) %, time spent and the next due date', () => {
    const { cards } = collectCards([makeNote({ id: 1 }), makeNote({ id: 2 })])
    const stored = new Map<string, StoredCard>([
      [cards[0]!.key, { due: '2026-05-11T12:00:00.000Z', state: 2 }],
      [cards[1]!.key, { due: '2026-05-10T13:00:00.000Z', state: 1 }],
    ])
    const summary = summarizeSession(
      {
        reviewed: [
          { key: cards[0]!.key, grade: Rating.Good, due: now, intervalMs: 0 },
          { key: cards[1]!.key, grade: Rating.Again, due: now, intervalMs: 0 },
          { key: cards[1]!.key, grade: Rating.Hard, due: now, intervalMs: 0 },
        ],
        end: 'done',
        startedAt: new Date('2026-05-10T12:00:00Z'),
        endedAt: new Date('2026-05-10T12:01:05Z'),
      },
      cards,
      (card) => stored.get(card.key),
    )
    expect(summary).toEqual({
      reviewed: 3,
      recalled: 2,
      recalledPercent: 67,
      // Their first names, kept for scripts.
      correct: 2,
      correctPercent: 67,
      timeMs: 65_000,
      nextDue: '2026-05-10T13:00:00.000Z',
      end: 'done',
    })
    expect(formatDuration(summary.timeMs)).toBe('1m 05s')
    // A card in review is due all of its quiz day: from the 4 a.m. that starts it.
    const review = summarizeSession(
      { reviewed: [], end: 'done', startedAt: now, endedAt: now },
      cards.slice(0, 1),
      (card) => stored.get(card.key),
    )
    expect(review.nextDue).toBe(quizDayStart(new Date('2026-05-11T12:00:00Z'), 0).toISOString())
    expect(review.nextDue).not.toBe('2026-05-11T12:00:00.000Z')
  })
})
