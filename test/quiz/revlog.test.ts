import { describe, expect, it } from 'vitest'
import type { ReviewRecord } from '../../src/quiz/review-record.js'
import { revlogCsv, revlogHeader } from '../../src/quiz/revlog.js'
import { Rating, State } from '../../src/quiz/scheduler.js'
import { collectCards } from '../../src/quiz/session.js'
import { makeNote } from './helpers.js'

function review(key: string, seq: number, time: string, grade: 1 | 2 | 3 | 4, state: State) {
  return {
    type: 'review',
    seq,
    key,
    rating: 'x',
    grade,
    time,
    log: { state },
    card: { due: time, state: 2 },
    previous: null,
  } as Extract<ReviewRecord, { type: 'review' }>
}

const rows = (csv: string) => csv.trimEnd().split('\n').slice(1)

describe('the review log for FSRS’s optimizer', () => {
  it('lists a card’s reviews in the order the log recorded them, even when the clock went back', () => {
    const csv = revlogCsv(
      [
        review('g/0', 1, '2026-05-10T12:00:00.000Z', Rating.Good, State.New),
        // The clock was set back an hour before the second answer.
        review('g/0', 2, '2026-05-10T11:00:00.000Z', Rating.Again, State.Learning),
        review('g/0', 3, '2026-05-10T11:10:00.000Z', Rating.Good, State.Relearning),
      ],
      [],
    )
    expect(csv.split('\n')[0]).toBe(revlogHeader)
    expect(rows(csv)).toEqual([
      `g/0,${Date.parse('2026-05-10T12:00:00.000Z')},3,0,0`,
      `g/0,${Date.parse('2026-05-10T11:00:00.000Z')},1,1,0`,
      `g/0,${Date.parse('2026-05-10T11:10:00.000Z')},3,3,0`,
    ])
  })

  // The schema calls review_duration optional, but the optimizer's Node binding
  // (`convertCsvToFsrsItems` of @open-spaced-repetition/binding 0.5) refuses a log
  // without it: "missing field `review_duration`". decklab does not time answers: 0,
  // which fsrs-optimizer reads as no durations when the whole column is 0.
  it('has the review_duration column the optimizer binding requires, 0 on every row', () => {
    const csv = revlogCsv(
      [
        review('a"b,c/1', 1, '2026-05-10T12:00:00.000Z', Rating.Hard, State.New),
        review('g/0', 2, '2026-05-11T12:00:00.000Z', Rating.Easy, State.Review),
      ],
      [],
    )
    expect(csv).toBe(
      'card_id,review_time,review_rating,review_state,review_duration\n' +
        `"a""b,c/1",${Date.parse('2026-05-10T12:00:00.000Z')},2,0,0\n` +
        `g/0,${Date.parse('2026-05-11T12:00:00.000Z')},4,2,0\n`,
    )
  })

  it('lists reviews kept while a note had no ID under the key of its card with an ID', () => {
    const note = makeNote({ id: 1763700000001 })
    const { cards } = collectCards([note])
    const [card] = cards
    const time = '2026-05-10T12:00:00.000Z'
    const csv = revlogCsv(
      [
        review(card!.contentKey, 1, time, Rating.Good, State.New),
        review(card!.key, 2, time, Rating.Good, State.Learning),
        // A content key no card of the paths read has: kept as it is.
        review('content:00000000000000000000/0', 3, time, Rating.Easy, State.New),
      ],
      cards,
    )
    expect(card!.contentKey).not.toBe(card!.key)
    expect(rows(csv).map((row) => row.split(',')[0])).toEqual([
      card!.key,
      card!.key,
      'content:00000000000000000000/0',
    ])
  })
})
