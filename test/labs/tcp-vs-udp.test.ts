import { describe, expect, it } from 'vitest'
import lab from '../../labs/tcp-vs-udp.js'
import { checkNamed, expectLabPasses } from './support/lab-result.js'

describe('tcp-vs-udp lab', () => {
  it('TCP is refused without a listener and coalesces; UDP keeps datagrams', async () => {
    const result = await expectLabPasses(lab)
    expect(checkNamed(result, 'tcp-connect-refused').value).toBe('ECONNREFUSED')
    expect(checkNamed(result, 'udp-boundaries-kept').observed).toBe('["one","two","three"]')
    // The type each protocol goes with is the kernel's answer (the only one socket() accepted),
    // not a name the lab chose.
    expect(checkNamed(result, 'tcp-coalesces').values).toEqual([
      { kind: 'name', value: 'SOCK_STREAM', about: 'TCP' },
    ])
    expect(checkNamed(result, 'udp-boundaries-kept').values).toEqual([
      { kind: 'name', value: 'SOCK_DGRAM', about: 'UDP' },
    ])
  })
})
