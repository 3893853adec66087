import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import lab from '../../labs/dgram-queue-limit.js'
import { checkNamed, expectLabPassesWith, runningAsRoot } from './support/lab-result.js'

describe('dgram-queue-limit lab', () => {
  it('caps connected and unconnected senders at max_dgram_qlen + 1; the default comes from a fresh namespace', async () => {
    const result = await expectLabPassesWith(lab.id, {
      checks: lab.checks,
      values: { 'queue-full-eagain': 'EAGAIN' },
      statuses: runningAsRoot ? {} : { 'max-dgram-qlen': 'skip' },
    })
    const limit = Number(readFileSync('/proc/sys/net/unix/max_dgram_qlen', 'utf8').trim())
    expect(checkNamed(result, 'connected-senders-capped').observed).toBe(
      `unconnected: ${limit + 1} × 1 B queued, then EAGAIN; connected: ${limit + 1} × 1 B queued, then EAGAIN`,
    )
    const qlen = checkNamed(result, 'max-dgram-qlen')
    if (runningAsRoot) {
      expect(qlen.value).toMatch(/^\d+$/)
      expect(qlen.evidence?.[0]).toMatch(/^unshare -n cat /)
    } else {
      expect(qlen.observed).toMatch(/needs root/)
    }
  })
})
