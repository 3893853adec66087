// The stream-echo lab passes on this machine, every catalogue check passes, and it leaves nothing behind.
import { describe, it } from 'vitest'
import { expectLabPassesWith } from './support/lab-result.js'

describe('lab stream-echo', () => {
  it('passes with every catalogue check and no leftovers', async () => {
    await expectLabPassesWith('stream-echo', {
      checks: [
        'echo-roundtrip',
        'python-client',
        'socket-file-created',
        'accept-new-socket',
        'listener-keeps-accepting',
      ],
      values: { 'socket-file-created': 'socket' },
    })
  })
})
