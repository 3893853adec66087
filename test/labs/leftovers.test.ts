// Every lab, run back to back several times, leaves no socket file, temp
// directory or process behind (the 50-run version is test/bench/labs.bench.mjs).
import { chmod, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { descendantsOf, listProcesses } from '../../src/labs/processes.js'
import { loadLabs } from '../../src/labs/registry.js'
import { runLab } from '../../src/labs/runner.js'

const rounds = 3
let base: string

beforeAll(async () => {
  // A private TMPDIR, so lab directories made by other test files running in
  // parallel are not counted; searchable by all, for labs that drop privileges.
  base = await mkdtemp(join(tmpdir(), 'dl-left-'))
  await chmod(base, 0o711)
  vi.stubEnv('TMPDIR', base)
})

afterAll(async () => {
  vi.unstubAllEnvs()
  await rm(base, { recursive: true, force: true })
})

describe('leftovers', () => {
  it(`runs every lab ${rounds} times back to back without leaving anything behind`, async () => {
    const labs = await loadLabs()
    expect(labs.length).toBeGreaterThan(0)
    const before = new Set(descendantsOf(process.pid, await listProcesses()).map((p) => p.pid))
    const problems: string[] = []
    for (let round = 1; round <= rounds; round += 1) {
      for (const lab of labs) {
        const result = await runLab(lab)
        for (const leftover of result.leftovers ?? []) {
          problems.push(`round ${round} ${lab.id}: ${leftover}`)
        }
        const entries = await readdir(base)
        if (entries.length > 0)
          problems.push(`round ${round} ${lab.id}: left ${entries.join(', ')} in TMPDIR`)
      }
    }
    const strays = descendantsOf(process.pid, await listProcesses()).filter(
      (p) => !before.has(p.pid),
    )
    for (const stray of strays)
      problems.push(`process ${stray.pid} (${stray.command}) still running`)
    expect(problems).toEqual([])
  }, 300_000)
})
