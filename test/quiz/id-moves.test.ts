import { describe, expect, it } from 'vitest'
import { type IdMove, progressHolders } from '../../src/quiz/id-moves.js'

const [A, B, C] = [1700000000001, 1700000000002, 1700000000003]
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
