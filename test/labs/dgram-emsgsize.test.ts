import { describe, expect, it } from 'vitest'
import lab from '../../labs/dgram-emsgsize.js'
import { checkNamed, expectLabPasses } from './support/lab-result.js'

describe('dgram-emsgsize lab', () => {
  it('an oversize datagram gets EMSGSIZE and the default SO_SNDBUF is published', async () => {
    const result = await expectLabPasses(lab)
    expect(checkNamed(result, 'oversize-emsgsize').value).toBe('EMSGSIZE')
    const sndbuf = checkNamed(result, 'sndbuf-default').value
    expect(sndbuf).toMatch(/^[1-9]\d*$/)
    expect(checkNamed(result, 'fits-under-limit').observed).toContain(
      `${Number(sndbuf) - 32} B sent, ${Number(sndbuf) - 32} B received`,
    )
    // The receiver's SO_RCVBUF, shrunk or raised, moves nothing; a lowered SO_SNDBUF lowers the limit.
    expect(checkNamed(result, 'sender-buffer-limits').observed).toMatch(
      new RegExp(
        `^SO_RCVBUF \\d+: ${Number(sndbuf) - 32} B received whole; SO_RCVBUF \\d+: ${Number(sndbuf) - 31} B EMSGSIZE; SO_SNDBUF (\\d+): \\d+ B received whole, \\d+ B EMSGSIZE; `,
      ),
    )
  })
})
