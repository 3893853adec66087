import { describe, expect, it } from 'vitest'
import lab from '../../labs/socket-activation.js'
import { findExecutable } from '../../src/labs/requirements.js'
import { checkNamed, expectLabPassesWith } from './support/lab-result.js'

const activate = await findExecutable('systemd-socket-activate')

describe('socket-activation lab (systemd-socket-activate)', () => {
  it.skipIf(!activate)(
    'starts the service on the first connect with the listener inherited at fd 3',
    async () => {
      const result = await expectLabPassesWith(lab.id, { checks: lab.checks })
      expect(checkNamed(result, 'listen-fds').values).toEqual([
        { kind: 'number', label: 'first passed descriptor', value: '3' },
        { kind: 'name', value: 'LISTEN_FDS' },
      ])
      expect(checkNamed(result, 'starts-on-first-connect').evidence?.[0]).toMatch(
        /comm before any client: systemd-socket/,
      )
    },
  )
})
