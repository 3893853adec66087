/**
 * A throw after a lab's run ended that names no lab in its stack: from a
 * helper the labs share (labs/common/), or from a callback with no frame of
 * the lab's module. While `verify` ran the next lab, that next lab was made
 * an error ("the lab crashed: …"), its cards unverified; after the last lab,
 * decklab ended with exit 1 and no word, its report all passed. The throw
 * is told as the lab's whose code threw (by the async scope its timers
 * keep), on stderr, and the run goes on.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklabAsync } from '../support/decklab.js'
import { installedCopy } from '../support/installed-copy.js'
import { tempProject } from '../support/project.js'

// Once `when` holds, after the run: the next lab started, or the report is out.
const helper = `export function throwLater(when, message) {
  const timer = setInterval(() => {
    if (!when()) return
    clearInterval(timer)
    throw new Error(message)
  }, 5)
}
`
const usesHelper = (id: string, when: string) => `import { throwLater } from './common/late.js'
export default {
  id: '${id}', title: 'Leaves a throw', summary: 'A shared helper throws later.',
  requires: [], checks: ['ran'], serve: null,
  async run(context) {
    throwLater(() => ${when}, 'thrown by the helper')
    // No frame of this module: the timer calls JSON.parse itself, which throws.
    const parse = setInterval(() => {
      if (!(${when})) return
      clearInterval(parse)
      setTimeout(JSON.parse, 20, '{')
    }, 5)
    context.check({ name: 'ran', pass: true, expected: 'ran', observed: 'ran', evidence: ['ran'] })
  },
}
`
const slow = `export default {
  id: 'bb-slow', title: 'Slow', summary: 'Runs while the other throws.',
  requires: [], checks: ['ran'], serve: null,
  async run(context) {
    globalThis.slowStarted = true
    await new Promise((resolve) => setTimeout(resolve, 1000))
    context.check({ name: 'ran', pass: true, expected: 'ran', observed: 'ran', evidence: ['ran'] })
  },
}
`

async function verifyJson(labs: Record<string, string>, links: string) {
  const install = await installedCopy()
  mkdirSync(join(install, 'lib/labs/common'), { recursive: true })
  writeFileSync(join(install, 'lib/labs/common/late.js'), helper)
  for (const [id, source] of Object.entries(labs)) {
    writeFileSync(join(install, `lib/labs/${id}.js`), source)
  }
  const cwd = await tempProject({
    'notes/cards.md': ['START', 'Basic', 'Front', 'Back: back', `Lab: ${links}`, 'END', ''].join(
      '\n',
    ),
  })
  return runDecklabAsync(['verify', '--json'], { cwd, bin: join(install, 'lib/src/main.js') })
}

describe('a throw with no lab in its stack, after its lab ended', () => {
  it("is told as that lab's, and the lab running then is not blamed", async () => {
    const result = await verifyJson(
      { 'aa-thrower': usesHelper('aa-thrower', 'globalThis.slowStarted'), 'bb-slow': slow },
      'aa-thrower#ran, bb-slow#ran',
    )
    expect(result.code, result.stderr).toBe(0)
    const { labs } = JSON.parse(result.stdout) as { labs: { lab: string; status: string }[] }
    expect(labs.map(({ lab, status }) => ({ lab, status }))).toEqual([
      { lab: 'aa-thrower', status: 'pass' },
      { lab: 'bb-slow', status: 'pass' },
    ])
    // Where in the shared helper it threw: no frame of the lab's own is on the stack.
    expect(result.stderr).toMatch(
      /^warning lab aa-thrower: after its run ended: thrown by the helper \(at lib\/labs\/common\/late\.js:5:11\)$/m,
    )
    expect(result.stderr).toMatch(
      /^warning lab aa-thrower: after its run ended: [^\n]*JSON[^\n]*$/m,
    )
  })

  it('after the last lab, does not end decklab with exit 1 and no word', async () => {
    const result = await verifyJson(
      { 'zz-thrower': usesHelper('zz-thrower', 'process.stdout.bytesWritten > 0') },
      'zz-thrower#ran',
    )
    expect(result.code, result.stderr).toBe(0)
    expect(() => JSON.parse(result.stdout)).not.toThrow()
    expect(result.stderr).toContain(
      'warning lab zz-thrower: after its run ended: thrown by the helper (at lib/labs/common/late.js:',
    )
  })
})
