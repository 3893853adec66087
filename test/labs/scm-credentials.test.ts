// The scm-credentials lab: kernel-filled credentials (none without SO_PASSCRED), EPERM for an unprivileged pid claim, root may claim.
import { describe, expect, it } from 'vitest'
import { missingCapabilities } from '../../src/labs/capabilities.js'
import { checkNamed, expectLabPassesWith, runningAsRoot } from './support/lab-result.js'

// Claiming another pid takes CAP_SYS_ADMIN, which Docker's root lacks: the check skips there.
const mayClaim = runningAsRoot && (await missingCapabilities(['CAP_SYS_ADMIN'])).length === 0

describe('lab scm-credentials', () => {
  it('sees default credentials and EPERM for a spoofed pid', async () => {
    const result = await expectLabPassesWith('scm-credentials', {
      checks: ['default-credentials', 'spoof-pid-eperm', 'root-may-spoof'],
      values: { 'spoof-pid-eperm': 'EPERM' },
      statuses: mayClaim ? {} : { 'root-may-spoof': 'skip' },
    })
    const defaults = checkNamed(result, 'default-credentials')
    expect(defaults.observed).toBe(
      `with SO_PASSCRED: pid ${process.pid}, uid ${process.getuid!()}, gid ${process.getgid!()}; without: no SCM_CREDENTIALS received`,
    )
    expect(defaults.values).toContainEqual({
      kind: 'bool',
      label: 'filled in by the kernel',
      value: 'yes',
    })
  })
})
