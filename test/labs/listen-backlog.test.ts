import { describe, expect, it } from 'vitest'
import lab, { judgeTcpQueue } from '../../labs/listen-backlog.js'
import { checkNamed, expectLabPasses } from './support/lab-result.js'

describe('listen-backlog lab', () => {
  it('a full Unix backlog gives EAGAIN while TCP clients wait in SYN_SENT', async () => {
    const result = await expectLabPasses(lab)
    expect(checkNamed(result, 'backlog-full-eagain').value).toBe('EAGAIN')
    // A busy machine may handle the loopback handshakes too late to show either way: then skipped, never failed.
    expect(checkNamed(result, 'tcp-queues-instead').observed).toMatch(
      /[1-9]\d* in SYN_SENT|^skipped: inconclusive: no client got an error/,
    )
    // A blocking connect() to the same full queue waits, and gets in once accept() frees a place:
    // so the nonblocking connect's failure has the blocking one as its other side.
    expect(checkNamed(result, 'blocking-connect-waits').observed).toBe(
      'a blocking connect() to the full listen(1) queue: still waiting after 0.5 s; after one accept(): connected',
    )
    expect(
      checkNamed(result, 'backlog-full-eagain').values?.find((value) => value.label === 'fails'),
    ).toMatchObject({ value: 'yes', contrast: 'TCP | blocking' })
    // Exactly backlog + 1 for two backlogs, published as the one extra connection and as the rule.
    expect(checkNamed(result, 'backlog-plus-one').observed).toBe(
      'listen(1): 2 queued; listen(3): 4 queued',
    )
    expect(checkNamed(result, 'backlog-plus-one').values).toEqual([
      { kind: 'number', label: 'connections queued beyond the backlog', value: '1' },
      { kind: 'name', label: 'connections that wait', value: 'n + 1' },
    ])
  })
})

describe('the TCP side of listen-backlog, judged from the kernel table', () => {
  const six = (states: string) => states.split(' ')
  it('passes clients connected and the rest waiting in SYN_SENT, with no error', () => {
    expect(judgeTcpQueue(six('01 01 02 02 02 02'), [], 6)).toEqual({ pass: true })
  })

  it('fails a TCP client that got an error, whatever the table shows', () => {
    expect(judgeTcpQueue(six('01 01 02 02 02 02'), ['ECONNREFUSED'], 6)).toEqual({ pass: false })
    expect(judgeTcpQueue([], ['ECONNREFUSED'], 6)).toEqual({ pass: false })
  })

  it('does not fail what a late softirq shows: clients missing, none connected yet, or all answered', () => {
    // Handshakes handled late (ksoftirqd on a busy machine): not yet listed, not yet
    // ESTABLISHED, or every SYN answered before the first ACK filled the queue.
    for (const states of [six('01 01 02 02'), six('02 02 02 02 02 02'), six('01 01 01 01 01 01')]) {
      const verdict = judgeTcpQueue(states, [], 6)
      expect(verdict).toMatchObject({
        skip: expect.stringMatching(/^inconclusive: no client got an error/),
      })
    }
  })
})
