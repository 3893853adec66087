// The seqpacket-boundaries lab passes on this machine, every catalogue check passes, and it leaves nothing behind.
import { describe, expect, it } from 'vitest'
import { findLab } from '../../src/labs/registry.js'
import { runLab } from '../../src/labs/runner.js'

describe('lab seqpacket-boundaries', () => {
  it('passes with every catalogue check and no leftovers', async () => {
    const lab = await findLab('seqpacket-boundaries')
    expect(lab).toBeDefined()
    const result = await runLab(lab!)
    expect(result, result.transcript.join('\n')).toMatchObject({
      lab: 'seqpacket-boundaries',
      status: 'pass',
    })
    expect(result.leftovers).toBeUndefined()
    const statuses = Object.fromEntries(result.checks.map((check) => [check.name, check.status]))
    for (const name of ['boundaries-kept', 'connection-required', 'stream-control-coalesces'])
      expect(statuses[name], name).toBe('pass')
    const values: Record<string, string> = { 'connection-required': 'ENOTCONN' }
    for (const [name, value] of Object.entries(values)) {
      expect(result.checks.find((check) => check.name === name)?.value, name).toBe(value)
    }
    for (const check of result.checks)
      expect(check.evidence?.length ?? 0, check.name).toBeGreaterThan(0)
  })
})
