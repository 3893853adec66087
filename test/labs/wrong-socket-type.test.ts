import { describe, expect, it } from 'vitest'
import lab from '../../labs/wrong-socket-type.js'
import { checkNamed, expectLabPasses } from './support/lab-result.js'

describe('wrong-socket-type lab', () => {
  it('a stream client to a datagram socket gets EPROTOTYPE', async () => {
    const result = await expectLabPasses(lab)
    const check = checkNamed(result, 'stream-to-dgram')
    expect(check.value).toBe('EPROTOTYPE')
    // The /proc/net/unix line shows the bound socket as type 0002 (SOCK_DGRAM).
    expect(check.evidence?.some((line) => / 0002 /.test(line))).toBe(true)
  })
})
