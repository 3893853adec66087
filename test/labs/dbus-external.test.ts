import { describe, expect, it } from 'vitest'
import lab from '../../labs/dbus-external.js'
import { findExecutable } from '../../src/labs/requirements.js'
import { checkNamed, expectLabPassesWith } from './support/lab-result.js'

const daemon = await findExecutable('dbus-daemon')

describe('dbus-external lab (a private dbus-daemon)', () => {
  it.skipIf(!daemon)(
    'accepts EXTERNAL for the kernel-recorded uid, rejects a claimed one, offers no password',
    async () => {
      const result = await expectLabPassesWith(lab.id, { checks: lab.checks })
      expect(checkNamed(result, 'system-bus-external').values).toEqual([
        { kind: 'name', value: 'EXTERNAL' },
      ])
      const trusts = checkNamed(result, 'trusts-kernel-credentials')
      expect(trusts.values).toEqual([
        { kind: 'bool', label: "kernel's credentials", value: 'yes' },
        { kind: 'bool', label: 'password', value: 'no' },
      ])
      // The bus answered both claims on its own socket: accepted, then rejected.
      expect(trusts.evidence?.[1]).toMatch(/→ OK [0-9a-f]{32}$/)
      expect(trusts.evidence?.[2]).toMatch(/→ REJECTED EXTERNAL$/)
    },
  )
})
