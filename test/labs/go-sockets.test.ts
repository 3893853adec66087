import { describe, expect, it } from 'vitest'
import lab from '../../labs/go-sockets.js'
import { findExecutable } from '../../src/labs/requirements.js'
import { checkNamed, expectLabPassesWith } from './support/lab-result.js'

const go = await findExecutable('go')

describe('go-sockets lab (a Go peer built at run time)', () => {
  it.skipIf(!go)(
    'maps Go network names to socket types and binds @name at its exact length',
    async () => {
      const result = await expectLabPassesWith(lab.id, { checks: lab.checks })
      expect(checkNamed(result, 'network-names').observed).toBe(
        '"unix" → SOCK_STREAM, "unixgram" → SOCK_DGRAM, "unixpacket" → SOCK_SEQPACKET',
      )
      expect(checkNamed(result, 'abstract-at-prefix').observed).toMatch(
        /python3 exact: connected, echo ping; padded to 108: ECONNREFUSED$/,
      )
    },
  )
})
