// A lab that never started (a missing requirement, an interruption first) lists its declared
// checks as skipped, so its report says "0/2 checks", not "0/0 checks".
import { describe, expect, it, vi } from 'vitest'
import { runLab } from '../../src/labs/runner.js'
import type { LabDefinition } from '../../src/labs/types.js'

vi.mock('../../src/labs/requirements.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/labs/requirements.js')>()),
  missingRequirement: async (requires: readonly string[]) =>
    requires.includes('socat') ? 'needs socat' : undefined,
}))

const lab: LabDefinition = {
  id: 'fake-lab',
  title: 'A fake lab',
  summary: 'A lab made up for a runner test.',
  requires: [],
  checks: ['first', 'second'],
  serve: null,
  async run() {
    throw new Error('never run')
  },
}

const skipped = (name: string) => ({
  name,
  status: 'skip',
  expected: '',
  observed: 'skipped: the lab did not run',
})

describe('a lab that never started', () => {
  it('lists its declared checks as skipped when a requirement is missing', async () => {
    const result = await runLab({ ...lab, requires: ['socat'] })
    expect(result.status).toBe('skip')
    expect(result.reason).toBe('needs socat')
    expect(result.checks).toEqual([skipped('first'), skipped('second')])
  })

  it('lists its declared checks as skipped when interrupted before it started', async () => {
    const controller = new AbortController()
    controller.abort(new Error('received SIGINT'))
    const result = await runLab(lab, { signal: controller.signal })
    expect(result.status).toBe('error')
    expect(result.checks).toEqual([skipped('first'), skipped('second')])
  })
})
