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
    // Each flag beside the same call without it: what send()/recv() add to write()/read().
    expect(checkNamed(result, 'per-call-flags').observed).toMatch(
      /^MSG_DONTWAIT: EAGAIN in \d\.\d{3} s, the fastest of 5 \(plain: EAGAIN after .*\); MSG_PEEK: "peek at me" still read after; MSG_NOSIGNAL: exit EPIPE \(write\(\): killed by SIGPIPE\)$/,
    )
    // A datagram server has no listen() or accept(); an unbound client has no address to reply to.
    expect(checkNamed(result, 'dgram-server-calls').observed).toMatch(
      /^listen\(\) → EOPNOTSUPP, accept\(\) → EOPNOTSUPP; reply from recvfrom\(\)'s address: "reply"; unbound client's address: null$/,
    )
  })
})
