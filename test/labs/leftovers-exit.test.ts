// A process that exits in the middle of a lab still removes the lab's
// directory and kills its process groups (the runner's exit hook).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { isAlive } from '../support/proc-processes.js'

const runner = new URL('../../lib/src/labs/runner.js', import.meta.url).href
const built = existsSync(fileURLToPath(runner))

const script = `
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
const { runLab } = await import(${JSON.stringify(runner)})
await runLab({
  id: 'exits-midway', title: 't', summary: 's', requires: [], checks: ['never'], serve: null,
  async run(context) {
    writeFileSync(join(context.dir, 'half-done.txt'), 'x')
    const child = context.spawn('sleep', ['30'], { stdio: 'ignore' })
    // On stderr: what a lab prints on stdout goes into its transcript.
    process.stderr.write(JSON.stringify({ dir: context.dir, pid: child.pid }) + '\\n')
    process.exit(3)
  },
})
`

describe.skipIf(!built)('leftovers when the process exits mid-lab', () => {
  it('removes the lab directory and kills the lab processes', async () => {
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
    })
    expect(result.status, result.stderr).toBe(3)
    const reported = result.stderr.split('\n').find((line) => line.startsWith('{"dir"'))
    const { dir, pid } = JSON.parse(reported ?? '') as { dir: string; pid: number }
    expect(existsSync(dir)).toBe(false)
    // SIGKILL lands asynchronously; wait (bounded) for the kernel to finish it.
    const deadline = Date.now() + 2_000
    while (isAlive(pid) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10))
    expect(isAlive(pid)).toBe(false)
  })
})
