import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import lab from '../../labs/dgram-queue-limit.js'
import { checkNamed, expectLabPasses } from './support/lab-result.js'

describe('dgram-queue-limit lab', () => {
  it('the sender gets EAGAIN after about max_dgram_qlen datagrams', async () => {
    const result = await expectLabPasses(lab)
    expect(checkNamed(result, 'queue-full-eagain').value).toBe('EAGAIN')
    const limit = readFileSync('/proc/sys/net/unix/max_dgram_qlen', 'utf8').trim()
    expect(checkNamed(result, 'max-dgram-qlen').value).toBe(limit)
  })
})
