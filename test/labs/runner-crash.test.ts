import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const runner = fileURLToPath(new URL('../../lib/src/labs/runner.js', import.meta.url))

// In a child process: vitest itself reports any uncaught exception as a failure.
const script = `
import { runLab } from ${JSON.stringify(runner)}
const lab = {
  id: 'crashes', title: 'crashes', summary: '', requires: [], checks: ['never'], serve: null,
  async run(context) {
    context.spawn('sleep', ['30'])
    setImmediate(() => { throw new Error('socket error nobody handled') })
    await new Promise(() => {})
  },
}
const result = await runLab(lab, { deadlineMs: 5000 })
process.stdout.write(JSON.stringify({ status: result.status, reason: result.reason, leftovers: result.leftovers ?? [], dir: result.transcript[0] }))
`

describe('the lab runner', () => {
  it('ends a lab whose callback throws as an error and still cleans up', () => {
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
    })
    expect(child.status).toBe(0)
    const result = JSON.parse(child.stdout)
    expect(result.status).toBe('error')
    expect(result.reason).toBe('the lab crashed: socket error nobody handled')
    expect(result.leftovers).toEqual([])
    const dir = String(result.dir).split(' in ')[1]
    expect(dir && existsSync(dir)).toBe(false)
  })
})
