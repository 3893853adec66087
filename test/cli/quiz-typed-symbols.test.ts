/**
 * A keyboard has no `→` or `×`: a scripted (or typed) answer
 * `ECONNREFUSED -> unlink` for `ECONNREFUSED → unlink`, or `2x10` for
 * `2×10`, was judged wrong and graded Again on a UTF-8 terminal. The ASCII
 * a learner types for the symbol is the same answer.
 */
import { spawnSync } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { createVault, type Vault } from '../quiz/vault-fixture.js'
import { decklabBin } from '../support/decklab.js'

const vaults: Vault[] = []
afterEach(() => {
  for (const vault of vaults.splice(0)) vault.remove()
})

const notes = `START
Basic (type in the answer)
What does a client's connect() on a stale socket file lead a server to do?
Back: ECONNREFUSED → unlink
<!--ID: 1763700000011-->
END

START
Basic (type in the answer)
How many bytes in two buffers of ten?
Back: 2×10
<!--ID: 1763700000012-->
END
`

describe('typed answers with a symbol typed in ASCII', () => {
  it('takes -> for → and 2x10 for 2×10', () => {
    const vault = createVault(notes)
    vaults.push(vault)
    const run = spawnSync(
      process.execPath,
      [decklabBin, 'quiz', '--answers', '-', '--json', '--state', vault.state],
      {
        cwd: vault.root,
        encoding: 'utf8',
        input: 'ECONNREFUSED -> unlink\n2x10\n',
        env: { ...process.env, LANG: 'C.UTF-8', NO_COLOR: '1' },
      },
    )
    expect(run.status, run.stderr).toBe(0)
    const summary = JSON.parse(run.stdout) as { reviews: { correct: boolean; rating: string }[] }
    expect(summary.reviews.map((review) => [review.correct, review.rating])).toEqual([
      [true, 'good'],
      [true, 'good'],
    ])
  })
})
