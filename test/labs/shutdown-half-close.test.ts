import { beforeAll, describe, expect, it } from 'vitest'
import lab from '../../labs/shutdown-half-close.js'
import type { LabResult } from '../../src/model/lab-result.js'
import { courseCardJudge } from './support/course-card.js'
import { checkNamed, expectLabPasses } from './support/lab-result.js'

let result: LabResult
beforeAll(async () => {
  result = await expectLabPasses(lab)
}, 60_000)

describe('shutdown-half-close lab', () => {
  it('after SHUT_WR the peer reads EOF and replies; a later send gets EPIPE', () => {
    expect(checkNamed(result, 'send-after-shutdown-epipe').value).toBe('EPIPE')
    expect(checkNamed(result, 'reply-after-shutdown').observed).toBe(
      'client read "reply:request\\n"',
    )
  })

  it('of the three hows, only SHUT_WR lets the peer read EOF and still reply', () => {
    const check = checkNamed(result, 'half-close-how')
    expect(check.values).toEqual([{ kind: 'name', value: 'SHUT_WR' }])
    expect(check.evidence).toContain(
      'SHUT_RDWR: server recv after the request -> EOF; server send -> EPIPE; client recv -> EOF',
    )
  })

  it('a send after its own SHUT_WR kills a sender whose SIGPIPE is at its default action', () => {
    const check = checkNamed(result, 'send-after-shutdown-sigpipe')
    expect(check.value).toBe('SIGPIPE')
    expect(check.observed).toBe('killed by SIGPIPE')
  })

  it("compares the course's card on it with what the kernel did, and refutes the belief that shutdown spares the sender", async () => {
    const results = new Map([[lab.id, result]])
    const judged = await courseCardJudge(
      'notes/16 Shutdown, EPIPE and SIGPIPE.md',
      1763700016008,
      results,
    )
    const asWritten = judged()
    expect(asWritten.status, asWritten.reason ?? '').toBe('confirmed')
    expect(
      judged('It is not killed: after its own shutdown the send just fails with EPIPE.').status,
    ).toBe('refuted')
    expect(
      judged('The kernel sends it SIGSEGV, which kills it; the send fails with EPIPE.').status,
    ).toBe('refuted')
  })
})
