// The scm-credentials lab: kernel-filled credentials, EPERM for an unprivileged pid claim, root may claim.
import { describe, expect, it } from 'vitest'
import { checkNamed, expectLabPassesWith, runningAsRoot } from './support/lab-result.js'

describe('lab scm-credentials', () => {
  it('sees default credentials and EPERM for a spoofed pid', async () => {
    const result = await expectLabPassesWith('scm-credentials', {
      checks: ['default-credentials', 'spoof-pid-eperm', 'root-may-spoof'],
      values: { 'spoof-pid-eperm': 'EPERM' },
      statuses: runningAsRoot ? {} : { 'root-may-spoof': 'skip' },
    })
    expect(checkNamed(result, 'default-credentials').observed).toBe(
      `pid ${process.pid}, uid ${process.getuid!()}, gid ${process.getgid!()}`,
    )
  })
})
