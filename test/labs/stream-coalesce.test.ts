// The stream-coalesce lab passes on this machine, every catalogue check passes, and it leaves nothing behind.
import { describe, it } from 'vitest'
import { expectLabPassesWith } from './support/lab-result.js'

describe('lab stream-coalesce', () => {
  it('passes with every catalogue check and no leftovers', async () => {
    await expectLabPassesWith('stream-coalesce', { checks: ['writes-coalesce', 'bytes-preserved'] })
  })
})
