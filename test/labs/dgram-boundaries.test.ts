// The dgram-boundaries lab passes on this machine, every catalogue check passes, and it leaves nothing behind.
import { describe, expect, it } from 'vitest'
import { findLab } from '../../src/labs/registry.js'
import { runLab } from '../../src/labs/runner.js'

describe('lab dgram-boundaries', () => {
  it('passes with every catalogue check and no leftovers', async () => {
    const lab = await findLab('dgram-boundaries')
    expect(lab).toBeDefined()
    const result = await runLab(lab!)
    expect(result, result.transcript.join('\n')).toMatchObject({
      lab: 'dgram-boundaries',
      status: 'pass',
    })
    expect(result.leftovers).toBeUndefined()
    const statuses = Object.fromEntries(result.checks.map((check) => [check.name, check.status]))
    for (const name of [
      'boundaries-kept',
      'in-order',
      'reliable-no-loss',
      'stream-control-coalesces',
      'first-three-order',
      'node-core-stream-only',
    ])
      expect(statuses[name], name).toBe('pass')
    const check = (name: string) => result.checks.find((candidate) => candidate.name === name)
    expect(check('first-three-order')?.value).toBe('0 < 1 < 2')
    expect(check('in-order')?.values).toContainEqual(
      expect.objectContaining({ kind: 'bool', value: 'yes' }),
    )
    expect(check('reliable-no-loss')?.observed).toMatch(/^200 of 200 sent arrived/)
    for (const check of result.checks)
      expect(check.evidence?.length ?? 0, check.name).toBeGreaterThan(0)
  })
})
