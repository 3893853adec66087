import { describe, expect, it } from 'vitest'
import lab from '../../labs/fd-readiness.js'
import { checkNamed, expectLabPasses } from './support/lab-result.js'

describe('fd-readiness lab', () => {
  it('poll, select and epoll see a socket become readable; close() releases it', async () => {
    const result = await expectLabPasses(lab)
    expect(checkNamed(result, 'poll-select-epoll-wait').observed).toBe(
      'before: poll not readable, select not readable, epoll not readable; after: poll readable, select readable, epoll readable',
    )
    expect(checkNamed(result, 'close-releases').observed).toBe('fstat() after close(): EBADF')
  })
})
