import { describe, expect, it } from 'vitest'
import lab from '../../labs/c-socket-api.js'
import { findExecutable } from '../../src/labs/requirements.js'
import { checkNamed, expectLabPassesWith } from './support/lab-result.js'

const cc = await findExecutable('cc')

describe('c-socket-api lab (a C peer compiled at run time)', () => {
  it.skipIf(!cc)(
    'answers from the headers and the kernel: AF_LOCAL, sun_path, protocol, SOCK_RAW',
    async () => {
      const result = await expectLabPassesWith(lab.id, {
        checks: lab.checks,
        values: { 'sun-path-size': '108' },
      })
      expect(checkNamed(result, 'protocol-argument').values).toContainEqual({
        kind: 'errno',
        label: 'other protocols',
        value: 'EPROTONOSUPPORT',
      })
      expect(checkNamed(result, 'raw-accepted-as-dgram').values).toContainEqual({
        kind: 'name',
        label: 'type it becomes',
        value: 'SOCK_DGRAM',
      })
      expect(checkNamed(result, 'raw-peers-like-dgram').observed).toMatch(
        /stream → raw: EPROTOTYPE$/,
      )
    },
  )
})
