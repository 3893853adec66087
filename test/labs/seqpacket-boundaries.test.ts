// The seqpacket-boundaries lab passes on this machine, every catalogue check passes, and it leaves nothing behind.
import { describe, it } from 'vitest'
import { expectLabPassesWith } from './support/lab-result.js'

describe('lab seqpacket-boundaries', () => {
  it('passes with every catalogue check and no leftovers', async () => {
    await expectLabPassesWith('seqpacket-boundaries', {
      checks: ['boundaries-kept', 'connection-required', 'stream-control-coalesces'],
      values: { 'connection-required': 'ENOTCONN' },
    })
  })
})
