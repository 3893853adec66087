import { describe, expect, it } from 'vitest'
import { progressHolders } from '../../src/quiz/id-moves.js'

const [A, B, C] = [1700000000001, 1700000000002, 1700000000003]

describe('where moved IDs keep their progress', () => {
  it('follows a move, a chain, a first new ID that never reached the note, and a move back', () => {
    expect(progressHolders([{ from: A, to: B }])).toEqual(new Map([[A, B]]))
    expect(
      progressHolders([
        { from: A, to: B },
        { from: B, to: C },
      ]),
    ).toEqual(
      new Map([
        [A, C],
        [B, C],
      ]),
    )
    // Sync wrote the move, then was killed before the file took B; the next sync gave the note C.
    expect(
      progressHolders([
        { from: A, to: B },
        { from: A, to: C },
      ]),
    ).toEqual(
      new Map([
        [A, C],
        [B, C],
      ]),
    )
    // The move taken back (a file that refused its new ID).
    expect(
      progressHolders([
        { from: A, to: B },
        { from: B, to: A },
      ]),
    ).toEqual(new Map([[B, A]]))
  })
})
