// The peercred lab: SO_PEERCRED reports the connecting process's pid, uid and gid.
import { describe, expect, it } from 'vitest'
import { checkNamed, expectLabPassesWith, runningAsRoot } from './support/lab-result.js'

describe('lab peercred', () => {
  it('matches SO_PEERCRED with the real client processes', async () => {
    const result = await expectLabPassesWith('peercred', {
      checks: ['peer-pid-uid-gid', 'separate-process-client'],
    })
    expect(checkNamed(result, 'peer-pid-uid-gid').observed).toBe(
      `SO_PEERCRED: pid ${process.pid}, uid ${process.getuid!()}, gid ${process.getgid!()}`,
    )
    if (runningAsRoot) {
      expect(checkNamed(result, 'separate-process-client').observed).toContain('uid 65534')
    }
  })
})
