import { describe, expect, it } from 'vitest'
import lab from '../../labs/uds-vs-tcp-perf.js'
import { checkNamed, expectLabPasses } from './support/lab-result.js'

describe('uds-vs-tcp-perf lab', () => {
  it('Unix sockets are not slower than TCP loopback; ratios are published', async () => {
    const result = await expectLabPasses(lab)
    expect(checkNamed(result, 'latency-ratio').value).toMatch(/^\d+\.\d\d$/)
    expect(checkNamed(result, 'throughput-ratio').value).toMatch(/^\d+\.\d\d$/)
    expect(result.durationMs).toBeLessThan(10_000)
  })
})
