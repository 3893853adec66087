// The stream-coalesce lab passes on this machine, every catalogue check passes, and it leaves nothing behind.
import { describe, expect, it } from 'vitest'
import { checkNamed, expectLabPassesWith } from './support/lab-result.js'

describe('lab stream-coalesce', () => {
  it('passes with every catalogue check and no leftovers', async () => {
    const result = await expectLabPassesWith('stream-coalesce', {
      checks: [
        'writes-coalesce',
        'bytes-preserved',
        'framing-recovers-messages',
        'message-in-parts',
      ],
    })
    // The read loop splits merged bytes back into the three messages by prefix and by delimiter.
    expect(checkNamed(result, 'framing-recovers-messages').observed).toMatch(
      /^prefix: 3 sends → [12] read\(s\) .*→ \["one","two two","three three three"\]; delimiter: 3 sends → [12] read\(s\) .*→ \["one","two two","three three three"\]; MSG_EOR: .*$/,
    )
    // The big message comes in parts, and the loop collects it whole.
    expect(checkNamed(result, 'message-in-parts').observed).toMatch(
      /^1000000 B in \d+ reads, whole$/,
    )
  })
})
