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
