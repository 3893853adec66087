/**
 * Two copies' logs joined by a merge (src/quiz/forked-log.ts): each card
 * takes the state of its later answer, an undo takes back its own copy's
 * review of the number it names, and a log no merge joined is left alone.
 */
import { describe, expect, it } from 'vitest'
import type { NoteLocation, StoredCard } from '../../src/quiz/cards-file.js'
import { mergeForkedLog, undoTargets } from '../../src/quiz/forked-log.js'
import { wholeLog } from '../../src/quiz/review-log.js'
import type { ReviewRecord } from '../../src/quiz/review-record.js'

const card = (reps: number): StoredCard => ({
  due: `2026-01-0${reps}T00:00:00.000Z`,
  state: 1,
  stability: 1,
  difficulty: 5,
  elapsed_days: 0,
  scheduled_days: 0,
  reps,
  lapses: 0,
})

function review(seq: number, key: string, minute: number, reps: number): ReviewRecord {
  return {
    type: 'review',
    seq,
    key,
    rating: 'good',
    grade: 3,
    time: `2026-01-01T10:${String(minute).padStart(2, '0')}:00.000Z`,
    log: { state: 0 },
    card: card(reps),
    previous: reps === 1 ? null : card(reps - 1),
  }
}

function undo(
  seq: number,
  key: string,
  undoes: number,
  minute: number,
  restored: StoredCard | null,
) {
  return {
    type: 'undo',
    seq,
    key,
    undoes,
    time: `2026-01-01T10:${String(minute).padStart(2, '0')}:00.000Z`,
    card: restored,
  } satisfies ReviewRecord
}

describe('mergeForkedLog', () => {
  it('leaves a log of one copy, even with a doubled line, as it is', () => {
    const records = [review(1, 'a/0', 1, 1), review(2, 'a/0', 2, 2), review(2, 'a/0', 2, 2)]
    const cards = new Map([['a/0', card(2)]])
    expect(mergeForkedLog(wholeLog(records), cards, new Map(), undefined)).toBeUndefined()
    expect(cards.get('a/0')).toEqual(card(2))
  })

  it('gives each card the state of its later answer on either copy', () => {
    const records = [
      review(1, 'c/0', 1, 1),
      // The laptop, cards.json's side.
      review(2, 'a/0', 10, 1),
      review(3, 'c/0', 11, 2),
      // The desktop, later.
      review(2, 'b/0', 20, 1),
      review(3, 'b/0', 21, 2),
      review(4, 'c/0', 22, 3),
    ]
    const cards = new Map([
      ['c/0', card(2)],
      ['a/0', card(1)],
    ])
    const locations = new Map<string, NoteLocation>()
    const merged = mergeForkedLog(wholeLog(records), cards, locations, undefined)
    expect(merged).toEqual({
      merged: { seq: 2, records: [2, 4], shared: 2, cards: 2 },
      forked: { seq: 2, shared: 2 },
    })
    expect(Object.fromEntries(cards)).toEqual({ 'a/0': card(1), 'b/0': card(2), 'c/0': card(3) })

    // Once cards.json took these shared numbers in, no record is read again, nothing changes.
    const log = {
      entries: records,
      record(): ReviewRecord {
        throw new Error('read again')
      },
    }
    const saved = new Map(cards)
    const again = mergeForkedLog(log, cards, new Map(), { seq: 2, shared: 2 })
    expect(again?.merged).toEqual({ seq: 2, records: [2, 4], shared: 2, cards: 0 })
    expect(cards).toEqual(saved)
    // Another merge since (more shared numbers) is worked out again.
    expect(() => mergeForkedLog(log, cards, new Map(), { seq: 2, shared: 1 })).toThrow('read again')
  })

  it('takes an undo as taking back its own copy’s review of that number and card', () => {
    const records = [
      // Both machines answered the same first due card as number 2.
      review(2, 'c/0', 10, 1),
      review(2, 'c/0', 20, 1),
      // The desktop took its answer back.
      undo(3, 'c/0', 2, 21, null),
    ]
    const targets = undoTargets(records)
    expect([...targets.values()]).toEqual([records[1]])
    const cards = new Map<string, StoredCard>()
    mergeForkedLog(wholeLog(records), cards, new Map(), undefined)
    // The laptop's answer stands.
    expect(cards.get('c/0')).toEqual(card(1))
  })
})
