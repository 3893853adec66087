// A check recorded after run returned (a promise or timer the lab did not
// await) was dropped without a word and listed as "skipped: not recorded by
// the lab", which it was: the lab is an error that says so.
import { describe, expect, it } from 'vitest'
import { runLab } from '../../src/labs/runner.js'
import type { LabDefinition } from '../../src/labs/types.js'

const lab: LabDefinition = {
  id: 'late-check',
  title: 'A lab that records a check after it returned',
  summary: 'A lab made up for a runner test.',
  requires: [],
  checks: ['on-time', 'late'],
  serve: null,
  async run(context) {
    const check = { pass: true, expected: 'x', observed: 'x', evidence: ['x'] }
    setTimeout(() => context.check({ ...check, name: 'late' }), 0)
    context.check({ ...check, name: 'on-time' })
  },
}

describe('a check recorded after the lab returned', () => {
  it('makes the lab an error naming it, not a skip "not recorded by the lab"', async () => {
    const result = await runLab(lab)
    expect(result.status).toBe('error')
    expect(result.reason).toBe(
      "check `late` was recorded after the lab's run returned (a promise or timer it did not await), and is not counted",
    )
  })
})
