import { describe, expect, it } from 'vitest'
import { guidForNoteId } from '../../src/model/guid.js'
import { markContentCopies, noteContentKey } from '../../src/model/note-key.js'
import { State } from '../../src/quiz/scheduler.js'
import { collectCards, planSession, reviewPlace, shuffle } from '../../src/quiz/session.js'
import { makeNote } from './helpers.js'

const now = new Date('2026-05-01T12:00:00Z')
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000).toISOString()

describe('collecting cards', () => {
  it('keys cards by note GUID and ord, and notes without an ID by their content', () => {
    const notes = [
      makeNote({ id: 1, noteType: 'Basic (and reversed card)' }),
      makeNote({ id: null }),
      makeNote({
        id: 2,
        noteType: 'Cloze',
        fields: { Text: '{{c1::a}} {{c3::b}}', 'Back Extra': '' },
      }),
    ]
    const { cards, withoutId } = collectCards(notes)
    const content = noteContentKey(notes[1]!)
    expect(content).toMatch(/^content:[0-9a-f]{20}$/)
    expect(cards.map((card) => card.key)).toEqual([
      `${guidForNoteId(1)}/0`,
      `${guidForNoteId(1)}/1`,
      `${content}/0`,
      `${guidForNoteId(2)}/0`,
      `${guidForNoteId(2)}/2`,
    ])
    expect(withoutId).toEqual([notes[1]])
    // The same text is the same key; other text, another key.
    expect(noteContentKey(makeNote({ id: null }))).toBe(content)
    expect(noteContentKey(makeNote({ id: null, fields: { Front: 'f', Back: 'b2' } }))).not.toBe(
      content,
    )
  })

  it('numbers the copies of a note in order, so each is a card of its own; one alone keeps its key', () => {
    const copy = () => makeNote({ id: null })
    const notes = [
      copy(),
      makeNote({ id: null, fields: { Front: 'front', Back: 'other' } }),
      // A copy with an ID counts too: the copies after it keep their numbers when it gets one.
      makeNote({ id: 4 }),
      copy(),
      makeNote({ id: null, noteType: 'Basic (and reversed card)' }),
    ]
    markContentCopies(notes)
    expect(notes.map((note) => note.contentCopy)).toEqual([undefined, undefined, 2, 3, undefined])
    // The key progress was kept under before copies were numbered: the first copy keeps it.
    const plain = 'content:082b5da3467284ca13d6'
    expect(collectCards(notes).cards.map((card) => card.key)).toEqual([
      `${plain}/0`,
      `${noteContentKey(notes[1]!)}/0`,
      `${guidForNoteId(4)}/0`,
      `${plain}~3/0`,
      `${noteContentKey(notes[4]!)}/0`,
      `${noteContentKey(notes[4]!)}/1`,
    ])
    expect(collectCards(notes).cards[2]!.contentKey).toBe(`${plain}~2/0`)
    // Marked again (fewer notes read), the numbers follow.
    markContentCopies(notes.slice(2))
    expect(notes.map((note) => note.contentCopy)).toEqual([
      undefined,
      undefined,
      undefined,
      2,
      undefined,
    ])
  })

  it('keeps the key when the text changes (identity is the ID)', () => {
    const before = collectCards([makeNote({ id: 7, fields: { Front: 'old', Back: 'x' } })])
    const after = collectCards([makeNote({ id: 7, fields: { Front: 'new text', Back: 'y' } })])
    expect(after.cards[0]!.key).toBe(before.cards[0]!.key)
  })

  it('keeps only the first card of a duplicated ID', () => {
    const { cards } = collectCards([makeNote({ id: 3 }), makeNote({ id: 3, deck: 'Other' })])
    expect(cards).toHaveLength(1)
    expect(cards[0]!.note.deck).toBe('Default')
  })

  it('of a duplicated ID keeps the note its progress was answered with (content, else file)', () => {
    const at = (file: string, front: string) =>
      makeNote({
        id: 3,
        fields: { Front: front, Back: 'b' },
        source: { ...makeNote({ id: 3 }).source, file, absolutePath: `/vault/${file}` },
      })
    const original = at('b.md', 'original')
    const collect = (notes: ReturnType<typeof at>[], file: string, content?: string) =>
      collectCards(notes, undefined, undefined, undefined, undefined, undefined, (guid) =>
        guid === guidForNoteId(3) ? { file: `/vault/${file}`, content } : undefined,
      ).cards.map((card) => card.note)
    // A copy edited into another question, read first: the content answered tells.
    expect(collect([at('a.md', 'copy'), original], 'b.md', noteContentKey(original))).toEqual([
      original,
    ])
    // Both edited since, in two files: the file answered in tells.
    expect(collect([at('a.md', 'copy'), at('b.md', 'edited')], 'b.md', 'content:0')).toEqual([
      at('b.md', 'edited'),
    ])
    // An unedited copy read first (its content key the plain one, the original's `~2`).
    const copies = [at('a.md', 'original'), at('b.md', 'original')]
    markContentCopies(copies)
    expect(collect(copies, 'b.md', noteContentKey(original))).toEqual([copies[1]])
    // Nothing tells them apart: the first read, as before any answer.
    expect(collect([at('a.md', 'x'), at('a.md', 'y')], 'a.md')).toEqual([at('a.md', 'x')])
  })
})

describe('planning a session', () => {
  const notes = [
    makeNote({ id: 1, deck: 'UDS::Basics', tags: ['errno'] }),
    makeNote({ id: 2, deck: 'UDS::Advanced', tags: ['fd::passing'] }),
    makeNote({ id: 3, deck: 'UDS', tags: [] }),
    makeNote({ id: 4, deck: 'Other', tags: ['errno'] }),
    makeNote({ id: 5, deck: 'UDS::Basics', tags: [] }),
    makeNote({ id: 6, deck: 'UDSX', tags: [] }),
  ]
  const { cards } = collectCards(notes)
  const keyOf = (id: number) => `${guidForNoteId(id)}/0`
  const states = new Map<string, { due: string }>([
    [keyOf(1), { due: hoursAgo(1) }],
    [keyOf(2), { due: hoursAgo(48) }],
    [keyOf(3), { due: hoursAgo(-5) }], // due in 5 hours: not yet
  ])
  const ids = (planned: ReturnType<typeof planSession>) => planned.map((card) => card.note.id)
  const plan = (options: Partial<Parameters<typeof planSession>[2]> = {}) =>
    ids(planSession(cards, (card) => states.get(card.key), { now, ...options }))

  it('puts due cards first, most overdue first, then new cards in source order', () => {
    expect(plan()).toEqual([2, 1, 4, 5, 6])
  })

  it('limits new cards with newLimit and the whole session with limit', () => {
    expect(plan({ newLimit: 1 })).toEqual([2, 1, 4])
    expect(plan({ newLimit: 0 })).toEqual([2, 1])
    expect(plan({ limit: 3 })).toEqual([2, 1, 4])
  })

  it('filters by deck with its subdecks, case-insensitively, and not by prefix alone', () => {
    expect(plan({ deck: 'uds' })).toEqual([2, 1, 5])
    expect(plan({ deck: 'UDS::Basics' })).toEqual([1, 5])
  })

  it('filters by tag, child tags included', () => {
    expect(plan({ tag: 'errno' })).toEqual([1, 4])
    expect(plan({ tag: 'fd' })).toEqual([2])
  })

  it('crams: every reviewed card whatever its due date, soonest due first, then new ones', () => {
    expect(plan({ cram: true, newLimit: 0 })).toEqual([2, 1, 3])
  })

  it('shuffles the chosen cards reproducibly with a seed', () => {
    const first = plan({ shuffleSeed: 42 })
    expect(plan({ shuffleSeed: 42 })).toEqual(first)
    expect([...first].sort()).toEqual([1, 2, 4, 5, 6])
    const orders = new Set(
      [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => plan({ shuffleSeed: seed }).join()),
    )
    expect(orders.size).toBeGreaterThan(1)
  })

  it('shows one card per note: the sibling waits for the next session', () => {
    const reversed = collectCards([
      makeNote({ id: 10, noteType: 'Basic (and reversed card)' }),
      makeNote({ id: 11 }),
    ])
    expect(
      planSession(reversed.cards, () => undefined, { now }).map((card) => [card.note.id, card.ord]),
    ).toEqual([
      [10, 0],
      [11, 0],
    ])
  })

  it('plans (re)learning steps due within the learn-ahead limit, after the new cards', () => {
    const minutesAhead = (minutes: number) =>
      new Date(now.getTime() + minutes * 60_000).toISOString()
    const steps = collectCards([
      makeNote({ id: 20 }),
      makeNote({ id: 21 }),
      makeNote({ id: 22 }),
      makeNote({ id: 23 }),
      makeNote({ id: 24 }),
    ])
    const key = (id: number) => `${guidForNoteId(id)}/0`
    const stored = new Map([
      [key(20), { due: minutesAhead(15), state: State.Relearning }],
      [key(21), { due: minutesAhead(30), state: State.Learning }], // beyond the default 20 min
      // Tomorrow (04:10, the day turns at 04:00 in TZ=UTC): a review is never early.
      [key(22), { due: minutesAhead(16 * 60 + 10), state: State.Review }],
      [key(23), { due: minutesAhead(10), state: State.Learning }],
    ])
    const planned = (options: { learnAheadMs?: number; limit?: number } = {}) =>
      planSession(steps.cards, (card) => stored.get(card.key), { now, ...options }).map(
        (card) => card.note.id,
      )
    expect(planned()).toEqual([24, 23, 20])
    expect(planned({ learnAheadMs: 40 * 60_000 })).toEqual([24, 23, 20, 21])
    expect(planned({ learnAheadMs: 0 })).toEqual([24])
    expect(planned({ limit: 2 })).toEqual([24, 23])
  })

  it('takes a review due later today (its interval is in days, as stats counts it), not one due tomorrow', () => {
    // TZ=UTC (test/vitest.config.ts): the quiz's day starts at 04:00Z.
    const at = (iso: string) => new Date(iso).toISOString()
    const day = collectCards([
      makeNote({ id: 30 }),
      makeNote({ id: 31 }),
      makeNote({ id: 32 }),
      makeNote({ id: 33 }),
      makeNote({ id: 34 }),
    ])
    const key = (id: number) => `${guidForNoteId(id)}/0`
    const stored = new Map([
      [key(30), { due: at('2026-05-01T21:00:00Z'), state: State.Review }], // later today
      [key(31), { due: at('2026-05-02T03:30:00Z'), state: State.Review }], // today: before 4 a.m.
      [key(32), { due: at('2026-05-01T21:00:00Z'), state: State.Learning }], // a step: at its minute
      [key(33), { due: at('2026-05-01T11:00:00Z'), state: State.Review }], // overdue
      [key(34), { due: at('2026-05-02T04:05:00Z'), state: State.Review }], // tomorrow
    ])
    const planned = (clock: string) =>
      planSession(day.cards, (card) => stored.get(card.key), {
        now: new Date(clock),
        newLimit: 0,
      }).map((card) => card.note.id)
    expect(planned('2026-05-01T12:00:00Z')).toEqual([33, 30, 31])
    // Past midnight it is still the same quiz day: tomorrow's review waits.
    expect(planned('2026-05-02T00:30:00Z')).toEqual([33, 30, 32, 31])
    // 10 minutes before tomorrow's review, within the learn-ahead limit: a review is never early.
    expect(planned('2026-05-02T03:55:00Z')).toEqual([33, 30, 32, 31])
    expect(planned('2026-05-02T04:00:00Z')).toEqual([33, 30, 32, 31, 34])
  })

  it('counts the day from 4 a.m.: at 00:30 a review due at 23:00 that calendar day waits', () => {
    const card = { due: new Date('2026-05-02T23:00:00Z').toISOString(), state: State.Review }
    const place = (clock: string) => reviewPlace(card, { now: new Date(clock) })
    expect(place('2026-05-02T00:30:00Z')).toBeUndefined()
    expect(place('2026-05-02T03:59:00Z')).toBeUndefined()
    expect(place('2026-05-02T04:00:00Z')).toBe('due')
  })

  it('shuffle keeps every item', () => {
    const items = Array.from({ length: 50 }, (_, index) => index)
    expect([...shuffle(items, 7)].sort((a, b) => a - b)).toEqual(items)
  })
})
