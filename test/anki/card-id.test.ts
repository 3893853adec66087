/**
 * Card ids read as plausible creation times, are stable, and never collide
 * (issue 16, item 12).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it, onTestFinished } from 'vitest'
import { assignCardIds, cardIdStride, preferredCardId } from '../../src/anki/card-id.js'
import { runDecklab } from '../support/decklab.js'
import { openApkg } from './read-apkg.js'
import { importAndFind, realAnkiUnavailable } from './real-anki.js'

/** A plausible note id: epoch ms between 2015 and 2035. */
const noteId = fc.integer({ min: 1_420_000_000_000, max: 2_050_000_000_000 })
const ords = fc.integer({ min: 1, max: 30 })

describe('card ids', () => {
  it('never collide for notes whose ids are 1 apart, whatever the ordinals (up to c500)', () => {
    fc.assert(
      fc.property(noteId, fc.nat(499), fc.nat(499), (id, first, second) => {
        expect(preferredCardId(id, first)).not.toBe(preferredCardId(id + 1, second))
      }),
    )
  })

  it('are unique in a package, even for ids a whole number of minutes apart', () => {
    const notes = fc.array(
      fc.record({
        // Runs of consecutive ids (one build's allocation) around a few bases,
        // some exactly minutes apart, which the preferred ids would share.
        base: fc.constantFrom(1_700_000_000_000, 1_700_000_060_000, 1_700_000_120_000),
        offset: fc.nat(5),
        cards: ords,
      }),
      { maxLength: 60 },
    )
    fc.assert(
      fc.property(notes, (list) => {
        const unique = new Map<number, number>()
        for (const { base, offset, cards } of list) unique.set(base + offset, cards)
        const cards = [...unique].flatMap(([id, count]) =>
          Array.from({ length: count }, (_, ord) => ({ noteId: id, ord })),
        )
        const ids = assignCardIds(cards)
        expect(new Set(ids).size).toBe(cards.length)
        // Plausible: at or after the note's own time, within its ordinals' minutes
        // (plus at most one millisecond per card of the package for a clash).
        for (const [index, { noteId: id, ord }] of cards.entries()) {
          const card = ids[index] as number
          expect(card).toBeGreaterThanOrEqual(preferredCardId(id, ord))
          expect(card - preferredCardId(id, ord)).toBeLessThan(cards.length)
        }
        // The same cards in another order get the same ids.
        expect(assignCardIds([...cards].reverse())).toEqual([...ids].reverse())
      }),
    )
  })

  it('move each clashing card to the next free id, visiting cards in (note id, ordinal) order', () => {
    // The rule, written as plainly as it reads: a linear probe one id at a time.
    function probed(cards: ReadonlyArray<{ noteId: number; ord: number }>): number[] {
      const ids = cards.map(({ noteId, ord }) => preferredCardId(noteId, ord))
      const order = [...ids.keys()].sort(
        (a, b) =>
          (cards[a]?.noteId ?? 0) - (cards[b]?.noteId ?? 0) ||
          (cards[a]?.ord ?? 0) - (cards[b]?.ord ?? 0),
      )
      const used = new Set<number>()
      for (const index of order) {
        let id = ids[index] as number
        while (used.has(id)) id += 1
        used.add(id)
        ids[index] = id
      }
      return ids
    }
    // Runs of consecutive ids, long enough that moved cards push each other along.
    const runs = fc.array(
      fc.record({
        minute: fc.nat(3),
        start: fc.nat(40),
        length: fc.integer({ min: 1, max: 200 }),
        cards: fc.integer({ min: 1, max: 4 }),
      }),
      { minLength: 1, maxLength: 6 },
    )
    fc.assert(
      fc.property(runs, (list) => {
        const counts = new Map<number, number>()
        for (const { minute, start, length, cards } of list)
          for (let id = 0; id < length; id += 1)
            counts.set(1_700_000_000_000 + minute * cardIdStride + start + id, cards)
        const cards = [...counts].flatMap(([id, count]) =>
          Array.from({ length: count }, (_, ord) => ({ noteId: id, ord })),
        )
        expect(assignCardIds(cards)).toEqual(probed(cards))
      }),
    )
  })

  it('are unique for a run of IDs allocated in one build that spans more than a minute (70,000 notes)', () => {
    // Every reversed card then starts on a later note's id: the clashes chain.
    const cards = Array.from({ length: 70_000 }, (_, index) => [
      { noteId: 1_700_000_000_000 + index, ord: 0 },
      { noteId: 1_700_000_000_000 + index, ord: 1 },
    ]).flat()
    const ids = assignCardIds(cards)
    expect(new Set(ids).size).toBe(cards.length)
    const early = cards.filter(
      ({ noteId: id, ord }, index) => (ids[index] as number) < preferredCardId(id, ord),
    )
    expect(early).toEqual([])
    expect(assignCardIds([...cards].reverse())).toEqual([...ids].reverse())
  })

  it('are the note id plus a minute per ordinal when nothing clashes', () => {
    const ids = assignCardIds([
      { noteId: 1_700_000_000_001, ord: 1 },
      { noteId: 1_700_000_000_000, ord: 0 },
      { noteId: 1_700_000_000_001, ord: 0 },
      { noteId: 1_700_000_000_000, ord: 2 },
    ])
    expect(ids).toEqual([
      1_700_000_000_001 + cardIdStride,
      1_700_000_000_000,
      1_700_000_000_001,
      1_700_000_000_000 + 2 * cardIdStride,
    ])
  })
})

describe('card ids in a built package', () => {
  async function built(
    notes = 'START\nBasic (and reversed card)\nFront\nBack: back\nEND\n\nSTART\nCloze\n{{c1::one}} {{c2::two}} {{c3::three}}\nEND\n\nSTART\nBasic\nQ\nBack: A\nEND\n',
  ) {
    const cwd = await mkdtemp(join(tmpdir(), 'decklab-card-ids-'))
    onTestFinished(() => rm(cwd, { recursive: true, force: true }))
    await writeFile(join(cwd, 'a.md'), notes)
    const result = runDecklab(['build', '-o', 'deck.apkg'], { cwd })
    expect(result.code, result.stderr).toBe(0)
    return { cwd, apkg: join(cwd, 'deck.apkg'), stderr: result.stderr }
  }

  it('derive each card id from its note id, as times from today', async () => {
    const started = Date.now()
    const { apkg } = await built()
    const opened = await openApkg(await readFile(apkg))
    expect(opened.cards).toHaveLength(6)
    for (const card of opened.cards) {
      expect(card.id).toBe(Number(card.nid) + Number(card.ord) * cardIdStride)
      // Not September 2001: within the day of the build.
      expect(Math.abs(Number(card.id) - started)).toBeLessThan(86_400_000)
    }
  })

  const unavailable = realAnkiUnavailable()
  it.skipIf(unavailable !== undefined)(
    `are found by Anki's own \`added:1\` search after import${unavailable ? ` (skipped: ${unavailable})` : ''}`,
    async () => {
      const { cwd, apkg } = await built()
      const found = importAndFind(join(cwd, 'collection.anki2'), apkg, ['', 'added:1'])
      expect(found['']).toHaveLength(6)
      expect(found['added:1']).toEqual(found[''])
    },
  )

  it.skipIf(unavailable !== undefined)(
    `leave out a reversed card whose question would be empty, so Anki finds no empty card${unavailable ? ` (skipped: ${unavailable})` : ''}`,
    async () => {
      const { cwd, apkg, stderr } = await built(
        'START\nBasic (and reversed card)\nFront only\nBack:\nEND\n\nSTART\nBasic (optional reversed card)\nAlso front only\nBack:\nAdd Reverse: y\nEND\n',
      )
      expect(stderr).toContain('2 notes, 2 cards')
      const found = importAndFind(join(cwd, 'collection.anki2'), apkg, ['', 'card:2'])
      expect(found['']).toHaveLength(2)
      expect(found['card:2']).toEqual([])
    },
  )
})
