// A check recorded after run returned (a promise or timer the lab did not
// await) was dropped without a word and listed as "skipped: not recorded by
// the lab", which it was: the lab is an error that says so.
import { describe, expect, it, vi } from 'vitest'
import { runLab } from '../../src/labs/runner.js'
import type { LabContext, LabDefinition } from '../../src/labs/types.js'

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

// A timer that fires once the run's cleanup is over and its result is made (a long timer, or
// a timer firing while `verify` runs the next lab) had its check dropped without a word: the
// result, out already, said "not recorded by the lab".
describe("a check recorded after the run's result was made", () => {
  it('is told on stderr, with the lab and the check', async () => {
    let kept: LabContext | undefined
    const keeping: LabDefinition = {
      ...lab,
      id: 'keeps-context',
      async run(context) {
        kept = context
        context.check({ name: 'on-time', pass: true, expected: 'x', observed: 'x' })
      },
    }
    const result = await runLab(keeping)
    expect(result.status).toBe('pass')
    const written: string[] = []
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk))
      return true
    })
    try {
      kept?.check({ name: 'late', pass: true, expected: 'x', observed: 'x' })
    } finally {
      write.mockRestore()
    }
    expect(written).toEqual([
      "warning lab keeps-context: check `late` was recorded after the lab's run returned (a promise or timer it did not await), and is not counted\n",
    ])
    // `verify` judges the notes once every lab ran: its reason for the check says what happened.
    const late = result.checks.find((check) => check.name === 'late')
    expect(late).toMatchObject({
      status: 'skip',
      observed:
        "skipped: recorded after the lab's run returned (a promise or timer it did not await), so not counted",
    })
  })
})
