import { describe, expect, it } from 'vitest'
import lab from '../../labs/read-write-vs-send-recv.js'
import { checkNamed, expectLabPasses } from './support/lab-result.js'

describe('read-write-vs-send-recv lab', () => {
  it('write/recv and send/read interoperate; datagrams need an address', async () => {
    const result = await expectLabPasses(lab)
    expect(checkNamed(result, 'write-then-recv').observed).toBe('"written with write()"')
    expect(checkNamed(result, 'sendto-needs-address').observed).toMatch(/^send\(\) → E[A-Z]+;/)
    // The reply reaches the sender at the address recvfrom() reported; a second peer gets through too.
    expect(checkNamed(result, 'recvfrom-address-replies').observed).toMatch(
      /^sender got "reply" from ".*receiver\.sock"$/,
    )
    expect(checkNamed(result, 'one-socket-many-peers').observed).toMatch(
      /from ".*sender\.sock" and from ".*other\.sock"$/,
    )
  })
})
