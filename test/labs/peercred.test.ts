// The peercred lab: SO_PEERCRED reports the connecting process's pid, uid and gid.
import { describe, expect, it } from 'vitest'
import { checkNamed, expectLabPassesWith, runningAsRoot } from './support/lab-result.js'

describe('lab peercred', () => {
  it('matches SO_PEERCRED with the real client processes', async () => {
    const result = await expectLabPassesWith('peercred', {
      checks: [
        'peer-pid-uid-gid',
        'separate-process-client',
        'client-cannot-choose',
        'client-sees-listener',
      ],
    })
    expect(checkNamed(result, 'peer-pid-uid-gid').observed).toBe(
      `SO_PEERCRED: pid ${process.pid}, uid ${process.getuid!()}, gid ${process.getgid!()}`,
    )
    if (runningAsRoot) {
      expect(checkNamed(result, 'separate-process-client').observed).toContain('uid 65534')
    }
    // A client claiming another uid, after a setsockopt(SO_PEERCRED) the kernel refuses, is reported as itself.
    const lying = checkNamed(result, 'client-cannot-choose').observed
    const said =
      /^setsockopt\(SO_PEERCRED\) → ENOPROTOOPT; it said "user \w+ uid (\d+)"; SO_PEERCRED: pid \d+, uid (\d+), gid \d+$/.exec(
        lying,
      )
    expect(said, lying).not.toBeNull()
    expect(said?.[2]).not.toBe(said?.[1])
    // The client's own end reports the process that called listen(), not the child that accepted.
    const ends = checkNamed(result, 'client-sees-listener')
    const seen = /^client's end: pid (\d+); acceptor's end: pid (\d+)$/.exec(ends.observed)
    expect(seen, ends.observed).not.toBeNull()
    expect(ends.expected).toContain(`reports the listener (pid ${seen?.[1]})`)
    expect(ends.expected).toContain(`reports the client (pid ${seen?.[2]})`)
  })
})
