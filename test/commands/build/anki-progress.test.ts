import { describe, expect, it } from 'vitest'
import {
  ankiProgress,
  ankiScheduling,
  packageProgress,
} from '../../../src/commands/build/anki-progress.js'
import type { IdentifiedNote } from '../../../src/model/identity.js'
import { State } from '../../../src/quiz/scheduler.js'
import type { Store } from '../../../src/quiz/store.js'

// Local times: the day a card is due on is the user's calendar day.
const collectionCreated = Math.floor(new Date(2026, 0, 1, 12, 0).getTime() / 1000)

function reviewCardDue(due: Date) {
  return { due: due.toISOString(), state: State.Review, scheduled_days: 8, reps: 3, lapses: 0 }
}

describe('ankiScheduling of a review card', () => {
  const now = new Date(2026, 11, 2, 10, 0)
  const today = Math.floor((now.getTime() / 1000 - collectionCreated) / 86_400)

  it('is due on the calendar day of its due moment, not a rounded count of 24-hour days', () => {
    // Reviewed at 22:30 on 1 December and due 8 days later: on 9 December, 7 days after the build day.
    const scheduling = ankiScheduling(reviewCardDue(new Date(2026, 11, 9, 22, 30)), {
      now,
      collectionCreated,
    })
    expect(scheduling).toMatchObject({ type: 2, queue: 2, ivl: 8, due: today + 7 })
  })

  it("counts a due moment before 4 a.m. in the day before, as Anki's day starts at 4", () => {
    const early = ankiScheduling(reviewCardDue(new Date(2026, 11, 10, 2, 0)), {
      now,
      collectionCreated,
    })
    expect(early.due).toBe(today + 7)
    const morning = ankiScheduling(reviewCardDue(new Date(2026, 11, 10, 5, 0)), {
      now,
      collectionCreated,
    })
    expect(morning.due).toBe(today + 8)
  })
})

describe('packageProgress', () => {
  // It took the note's cards from its Markdown: a deletion made by character references
  // (`&#123;&#123;c2::`) is a card of the package and of the quiz, and its progress was left out.
  it('gives the progress of the cards the package has, as given', () => {
    const now = new Date(2026, 11, 2, 10, 0)
    const card = reviewCardDue(new Date(2026, 11, 9, 22, 30))
    const store = {
      lookup: ({ ord }: { ord: number }) => (ord === 1 ? card : undefined),
      reviews: () => [],
    } as unknown as Pick<Store, 'lookup' | 'reviews'>
    const note = {
      id: 1763700000001,
      guid: 'guid',
      noteType: 'Cloze',
      fields: { Text: 'A {{c1::b}} made &#123;&#123;c2::by references}}', 'Back Extra': '' },
    } as unknown as IdentifiedNote
    const progress = packageProgress(store, { now, collectionCreated })(note, [0, 1])
    expect([...(progress?.keys() ?? [])]).toEqual([1])
  })
})

describe('ankiScheduling of a learning card', () => {
  const now = new Date(2026, 11, 2, 10, 0)
  const learning = (step: number, state = State.Learning) => ({
    due: new Date(2026, 11, 2, 10, 1).toISOString(),
    state,
    scheduled_days: 0,
    learning_steps: step,
    reps: 2,
    lapses: 0,
  })

  // Failed back to FSRS's 1m step, it has the 10m step after it: with `left` 1001, Anki's
  // Good graduated it to a 1-day review at once.
  it('has both steps left in the first step, one in the second', () => {
    expect(ankiScheduling(learning(0), { now, collectionCreated }).left).toBe(2002)
    expect(ankiScheduling(learning(1), { now, collectionCreated }).left).toBe(1001)
  })

  it('has one step left when relearning (a single 10m step)', () => {
    expect(ankiScheduling(learning(0, State.Relearning), { now, collectionCreated }).left).toBe(
      1001,
    )
  })
})

describe('ankiProgress review-log rows', () => {
  const at = (minutes: number) => new Date(Date.UTC(2026, 11, 2, 10, minutes)).toISOString()
  // Its 10m step set at 10:00, answered Good at 10:15: Anki logs lastIvl -600 (the step),
  // as its own scheduler does; measured from the answer, the due step gave -1.
  it('logs the step the card waited in as lastIvl, and a review card’s days', () => {
    const learning = {
      due: at(10),
      state: State.Learning,
      scheduled_days: 0,
      learning_steps: 1,
      last_review: at(0),
    }
    const review = { due: at(60 * 24 * 2), state: State.Review, scheduled_days: 2, reps: 2 }
    const relearning = { due: at(15 + 10), state: State.Relearning, scheduled_days: 0 }
    const records = [
      { seq: 2, time: at(15), grade: 3, log: { state: 1 }, card: review, previous: learning },
      { seq: 3, time: at(15), grade: 1, log: { state: 2 }, card: relearning, previous: review },
    ] as unknown as Parameters<typeof ankiProgress>[1]
    const { revlog } = ankiProgress(relearning, records, {
      now: new Date(at(20)),
      collectionCreated: 0,
    })
    expect(revlog.map((row) => [row.ivl, row.lastIvl, row.type])).toEqual([
      [2, -600, 0],
      [-600, 2, 1],
    ])
  })

  // Anki logs a lapse with the card's ease (the package's card row has 2500), not 0.
  it('logs the ease factor of a lapsed card, none for a learning one', () => {
    const learning = { due: at(10), state: State.Learning, scheduled_days: 0, last_review: at(0) }
    const relearning = { due: at(25), state: State.Relearning, scheduled_days: 0 }
    const review = { due: at(60 * 24 * 2), state: State.Review, scheduled_days: 2 }
    const records = [
      { seq: 1, time: at(0), grade: 3, log: { state: 0 }, card: learning, previous: null },
      { seq: 2, time: at(10), grade: 3, log: { state: 1 }, card: review, previous: learning },
      { seq: 3, time: at(15), grade: 1, log: { state: 2 }, card: relearning, previous: review },
    ] as unknown as Parameters<typeof ankiProgress>[1]
    const { scheduling, revlog } = ankiProgress(relearning, records, {
      now: new Date(at(20)),
      collectionCreated: 0,
    })
    expect(revlog.map((row) => row.factor)).toEqual([0, 2500, 2500])
    expect(scheduling.factor).toBe(2500)
  })
})
