import { describe, expect, it } from 'vitest'
import lab from '../../labs/listen-backlog.js'
import { checkNamed, expectLabPasses } from './support/lab-result.js'

describe('listen-backlog lab', () => {
  it('a full Unix backlog gives EAGAIN while TCP clients wait in SYN_SENT', async () => {
    const result = await expectLabPasses(lab)
    expect(checkNamed(result, 'backlog-full-eagain').value).toBe('EAGAIN')
    expect(checkNamed(result, 'tcp-queues-instead').observed).toMatch(/[1-9]\d* in SYN_SENT/)
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
