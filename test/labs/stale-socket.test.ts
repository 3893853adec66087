import { beforeAll, describe, expect, it } from 'vitest'
import lab from '../../labs/stale-socket.js'
import { findLab } from '../../src/labs/registry.js'
import { runLab } from '../../src/labs/runner.js'
import type { LabResult } from '../../src/model/lab-result.js'
import { courseCardJudge } from './support/course-card.js'
import { checkNamed, expectLabPasses } from './support/lab-result.js'

let result: LabResult
beforeAll(async () => {
  result = await expectLabPasses(lab)
}, 60_000)

describe('stale-socket lab', () => {
  it('a SIGKILLed server leaves its file, and connecting to it is refused', () => {
    expect(checkNamed(result, 'connect-refused').value).toBe('ECONNREFUSED')
    expect(checkNamed(result, 'file-still-there').evidence).toContain('server exit signal: SIGKILL')
  })

  it("unlinking a live server's path: its client is still served, a new client gets ENOENT", () => {
    const check = checkNamed(result, 'unlinked-live-server')
    expect(check.observed).toBe('connected client\'s echo: "still there?"; new client: ENOENT')
    expect(check.values).toEqual([
      { kind: 'bool', label: 'unreachable for new clients | unreachable', value: 'yes' },
    ])
  })

  it('compares the risk 07:116 names with the kernel: a card denying it is not confirmed', async () => {
    const results = new Map([[lab.id, result]])
    const missing = await findLab('missing-socket')
    if (missing) results.set(missing.id, await runLab(missing))
    const judged = await courseCardJudge(
      'notes/07 The socket file lifecycle.md',
      1763700007007,
      results,
    )
    const asWritten = judged()
    expect(asWritten.status, asWritten.reason ?? '').toBe('confirmed')
    const said = asWritten.links.find((link) => link.link === 'stale-socket#unlinked-live-server')
    expect(said?.values[0]).toMatchObject({ kernel: 'yes', agrees: true })
    const safer =
      'Safer: connect() first; ECONNREFUSED on a path that lstat() shows is a socket means stale (unlink and bind), ENOENT means free, success means another server is alive.'
    expect(
      judged(
        `If another instance is still running, it does not become unreachable for new clients. ${safer}`,
      ).status,
    ).toBe('refuted')
    // The risk left out: its half of the answer is not compared, so not confirmed.
    expect(judged(`Nothing is lost if another instance runs. ${safer}`).status).not.toBe(
      'confirmed',
    )
  })
})
