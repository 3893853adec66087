import { describe, expect, it } from 'vitest'
import { ankiScheduling, packageProgress } from '../../../src/commands/build/anki-progress.js'
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
