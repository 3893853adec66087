/**
 * A course's lab that leaves a timer of its own running (a setInterval never
 * cleared): the runner cannot close what it did not open, but once the
 * command has reported, decklab ends with its own exit code instead of
 * waiting forever on the lab's timer.
 */
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { installedCopy } from '../support/installed-copy.js'
import { tempProject } from '../support/project.js'

const lingeringLab = `export default {
  id: 'lingering',
  title: 'A lab that leaves an interval running',
  summary: 'It passes, and never clears its interval.',
  requires: [],
  checks: ['ran'],
  serve: null,
  async run(context) {
    setInterval(() => {}, 1000)
    context.check({ name: 'ran', pass: true, expected: 'ran', observed: 'ran', evidence: ['ran'] })
  },
}
`

const card = ['START', 'Basic', 'Front', 'Back: back', 'Lab: lingering', 'END', ''].join('\n')

describe('a lab that leaves its own timer running', () => {
  it.each([
    ['lab run', ['lab', 'run', 'lingering'], 'PASS lingering'],
    ['verify', ['verify', 'notes'], 'SUPPORTED'],
  ])(
    '%s reports and ends',
    async (_name, args, said) => {
      const install = await installedCopy()
      writeFileSync(join(install, 'lib/labs/lingering.js'), lingeringLab)
      const cwd = await tempProject({ 'notes/cards.md': card })
      // Without the end, the interval keeps decklab alive until this timeout kills it.
      const result = spawnSync(process.execPath, [join(install, 'lib/src/main.js'), ...args], {
        cwd,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, NO_COLOR: '1' },
        timeout: 20_000,
        killSignal: 'SIGKILL',
      })
      expect(result.error, result.stderr).toBeUndefined()
      expect(result.signal).toBeNull()
      expect(result.status, result.stderr).toBe(0)
      expect(result.stdout).toContain(said)
    },
    30_000,
  )
})
