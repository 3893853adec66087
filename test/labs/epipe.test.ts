import { describe, expect, it } from 'vitest'
import lab from '../../labs/epipe.js'
import { checkNamed, expectLabPasses } from './support/lab-result.js'

describe('epipe lab', () => {
  it('writing after the peer closed gives EPIPE; the default SIGPIPE action kills', async () => {
    const result = await expectLabPasses(lab)
    expect(checkNamed(result, 'write-after-peer-close').value).toBe('EPIPE')
    expect(checkNamed(result, 'sigpipe-default').value).toBe('SIGPIPE')
  })
})
