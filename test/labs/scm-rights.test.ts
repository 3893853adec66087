// The scm-rights lab: fds pass with new numbers, on the lowest free one, unlinked files stay readable, at most 253 per message.
import { describe, expect, it } from 'vitest'
import { courseCardJudge } from './support/course-card.js'
import { checkNamed, expectLabPassesWith } from './support/lab-result.js'

describe('lab scm-rights', () => {
  it('passes open files, including an unlinked one, and finds SCM_MAX_FD', async () => {
    const result = await expectLabPassesWith('scm-rights', {
      checks: ['fd-passed', 'new-fd-number', 'lowest-free-fd', 'unlinked-file-readable', 'max-fds'],
      values: { 'max-fds': '253' },
    })
    expect(checkNamed(result, 'unlinked-file-readable').evidence?.join('\n')).toContain(
      'gone.txt (deleted)',
    )
  })

  it("compares where the received fd lands with the course's card: the lowest free number, not one above the highest", async () => {
    const result = await expectLabPassesWith('scm-rights', {
      checks: ['new-fd-number', 'lowest-free-fd'],
    })
    // The receiver's hole: the first fd received lands below a number already in use.
    const landed =
      /message A: lowest free (\d+), highest in use (\d+) -> received as fd (\d+)/.exec(
        checkNamed(result, 'lowest-free-fd').observed,
      )
    expect(landed, checkNamed(result, 'lowest-free-fd').observed).not.toBeNull()
    const [, lowest, highest, fd] = (landed ?? []).map(Number)
    expect(fd).toBe(lowest)
    expect(fd).toBeLessThan(highest as number)

    const judged = await courseCardJudge(
      'notes/13 Passing file descriptors.md',
      1763700013002,
      new Map([[result.lab, result]]),
    )
    const asWritten = judged()
    expect(asWritten.status, asWritten.reason ?? '').toBe('confirmed')
    // The same card with another rule for the number is not confirmed: that part is compared too.
    const otherRule = judged(
      "It gets a new number: the kernel installs it one above the highest in the receiver's table. Only the number differs; the open file is shared.",
    )
    expect(otherRule.status, otherRule.reason ?? '').not.toBe('confirmed')
  })
})
