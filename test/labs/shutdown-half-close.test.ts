import { describe, expect, it } from 'vitest'
import lab from '../../labs/shutdown-half-close.js'
import { checkNamed, expectLabPasses } from './support/lab-result.js'

describe('shutdown-half-close lab', () => {
  it('after SHUT_WR the peer reads EOF and replies; a later send gets EPIPE', async () => {
    const result = await expectLabPasses(lab)
    expect(checkNamed(result, 'send-after-shutdown-epipe').value).toBe('EPIPE')
    expect(checkNamed(result, 'reply-after-shutdown').observed).toBe(
      'client read "reply:request\\n"',
    )
  })
})
