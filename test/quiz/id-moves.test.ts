import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type IdMove, movesTakenBack, progressHolders } from '../../src/quiz/id-moves.js'

const [A, B, C, D] = [1700000000001, 1700000000002, 1700000000003, 1700000000004]
const moves = (...pairs: [number, number][]): IdMove[] => pairs.map(([from, to]) => ({ from, to }))

describe('where moved IDs keep their progress', () => {
  it.each([
    ['a move', moves([A, B]), [[A, B]]],
    [
      'a chain',
      moves([A, B], [B, C]),
      [
        [A, C],
        [B, C],
      ],
    ],
    // Two copies of a vault, one state folder, two Anki profiles: the first copy keeps it.
    ['a second move from an ID whose progress went', moves([A, B], [A, C]), [[A, B]]],
    [
      'a move back, then on',
      moves([A, B], [B, A], [A, C]),
      [
        [A, C],
        [B, C],
      ],
    ],
    // The move taken back (a file that refused its new ID).
    ['a move back', moves([A, B], [B, A]), [[B, A]]],
  ] as const)('follows %s', (_, given, expected) => {
    expect(progressHolders(given)).toEqual(new Map(expected.map(([from, to]) => [from, to])))
  })
})

describe('the moves taken back for IDs that never reached a note', () => {
  it.each([
    // A sync killed between noting A→B and writing B: the note still has A.
    ['a move into it', moves([A, B]), [B], moves([B, A])],
    [
      'a chain into it: both origins go back to where the note is',
      moves([D, A], [A, B]),
      [B],
      moves([B, A]),
    ],
    ['a move already taken back (a file that refused its ID)', moves([A, B], [B, A]), [B], []],
    // Two copies of a vault: C never held anything, and B keeps what it has.
    ['an ID that holds nothing', moves([A, B], [A, C]), [C], []],
    ['an ID no move went to', moves([A, B]), [D], []],
  ] as const)('%s', (_, given, unwritten, expected) => {
    expect(movesTakenBack(given, unwritten)).toEqual(expected)
  })

  it('makes the next move from the old ID carry the progress', () => {
    const given = moves([A, B])
    const after = [...given, ...movesTakenBack(given, [B]), { from: A, to: C }]
    expect(progressHolders(after)).toEqual(
      new Map([
        [A, C],
        [B, C],
      ]),
    )
  })
})

describe('the moves sync notes', () => {
  // From any ID: the first ten IDs a vault had, or the IDs moves gave (100 on).
  const idOf = (index: number) => (index < 10 ? index + 1 : 100 + index - 10)
  const syncMove = fc.oneof(
    fc.record({ kind: fc.constant('new' as const), from: fc.integer({ min: 0, max: 19 }) }),
    fc.record({ kind: fc.constant('back' as const), id: fc.integer({ min: 0, max: 19 }) }),
  )

  it('leave no holder that is itself moved, so applying the holders again changes nothing', () => {
    fc.assert(
      fc.property(fc.array(syncMove, { maxLength: 30 }), (steps) => {
        const noted: IdMove[] = []
        for (const step of steps) {
          if (step.kind === 'back') {
            noted.push(...movesTakenBack(noted, [idOf(step.id)]))
            continue
          }
          // Into an ID no move named: Anki's new IDs are the clock's.
          const named = new Set(noted.flatMap((move) => [move.from, move.to]))
          let to = 100
          while (named.has(to) || to === idOf(step.from)) to += 1
          noted.push({ from: idOf(step.from), to })
        }
        const holders = progressHolders(noted)
        for (const holder of holders.values()) expect(holders.has(holder)).toBe(false)
      }),
      { numRuns: 500 },
    )
  })

  it('would leave a moved holder after a move into an ID whose progress moved on', () => {
    // Outside what decklab notes (one ID handed out to two notes): see progressHolders.
    const holders = progressHolders(moves([A, C], [B, A]))
    expect(holders).toEqual(
      new Map([
        [A, C],
        [B, A],
      ]),
    )
  })
})
