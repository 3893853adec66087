// The seqpacket-boundaries lab passes on this machine, every catalogue check passes, and it leaves nothing behind.
import { describe, expect, it } from 'vitest'
import { courseCardJudge } from './support/course-card.js'
import { checkNamed, expectLabPassesWith } from './support/lab-result.js'

describe('lab seqpacket-boundaries', () => {
  it('passes with every catalogue check and no leftovers', async () => {
    await expectLabPassesWith('seqpacket-boundaries', {
      checks: [
        'boundaries-kept',
        'connection-required',
        'accept-per-client',
        'eof-on-close',
        'stream-control-coalesces',
      ],
      values: { 'connection-required': 'ENOTCONN' },
    })
  })

  it("compares all of 10:140's answer: boundaries, accept() per client and EOF when the peer closes", async () => {
    const result = await expectLabPassesWith('seqpacket-boundaries', {
      checks: ['accept-per-client', 'eof-on-close'],
    })
    expect(checkNamed(result, 'accept-per-client').observed).toMatch(
      /accepted fds (\d+) and (?!\1)\d+; read \["from-1","from-2"\]; clients got \["reply-to-from-1","reply-to-from-2"\]/,
    )
    expect(checkNamed(result, 'eof-on-close').observed).toBe(
      "recv(100) after client 1 closed returned b''",
    )
    const judged = await courseCardJudge(
      'notes/10 Message boundaries and ordering.md',
      1763700010006,
      new Map([[result.lab, result]]),
    )
    const asWritten = judged()
    expect(asWritten.status, asWritten.reason ?? '').toBe('confirmed')
    // Saying the peer's close gives no EOF is wrong, and is refuted.
    const noEof = judged(
      'For message-based protocols over a connection: each message arrives with its boundary (no framing code, unlike a stream) while giving accept() per client, but not EOF when the peer closes.',
    )
    expect(noEof.status, noEof.reason ?? '').toBe('refuted')
  })
})
