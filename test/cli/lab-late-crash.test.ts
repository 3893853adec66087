/**
 * A lab's timer or callback that throws after its run ended (a timer it did
 * not clear) fired while `verify` ran the next lab, and that next lab was
 * the one made an error ("the lab crashed: …"), its cards unverified. The
 * throw is the ended lab's: it is told on stderr with that lab's id, and the
 * running lab goes on.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklabAsync } from '../support/decklab.js'
import { installedCopy } from '../support/installed-copy.js'
import { tempProject } from '../support/project.js'

// Its throw is armed when it ends and set off by the next lab, so it lands there for sure.
const leavesThrow = `export default {
  id: 'leaves-throw', title: 'Leaves a throw behind', summary: 'A callback that throws later.',
  requires: [], checks: ['ran'], serve: null,
  async run(context) {
    globalThis.setOffLateThrow = () => setImmediate(() => { throw new Error('thrown after its run') })
    context.check({ name: 'ran', pass: true, expected: 'ran', observed: 'ran', evidence: ['ran'] })
  },
}
`
const runsNext = `export default {
  id: 'runs-next', title: 'Runs next', summary: 'Runs while the throw comes.',
  requires: [], checks: ['ran'], serve: null,
  async run(context) {
    globalThis.setOffLateThrow?.()
    await new Promise((resolve) => setTimeout(resolve, 200))
    context.check({ name: 'ran', pass: true, expected: 'ran', observed: 'ran', evidence: ['ran'] })
  },
}
`

describe("a lab's throw after its run ended", () => {
  it("is told as that lab's on stderr, and the lab running then is not blamed", async () => {
    const install = await installedCopy()
    writeFileSync(join(install, 'lib/labs/leaves-throw.js'), leavesThrow)
    writeFileSync(join(install, 'lib/labs/runs-next.js'), runsNext)
    const cwd = await tempProject({
      'notes/cards.md': [
        'START',
        'Basic',
        'Front',
        'Back: back',
        'Lab: leaves-throw#ran, runs-next#ran',
        'END',
        '',
      ].join('\n'),
    })
    const result = await runDecklabAsync(['verify', '--json'], {
      cwd,
      bin: join(install, 'lib/src/main.js'),
    })
    const { labs } = JSON.parse(result.stdout) as {
      labs: { lab: string; status: string; reason?: string }[]
    }
    expect(labs.map(({ lab, status }) => ({ lab, status }))).toEqual([
      { lab: 'leaves-throw', status: 'pass' },
      { lab: 'runs-next', status: 'pass' },
    ])
    expect(result.stderr).toContain(
      'warning lab leaves-throw: after its run ended: thrown after its run (at lib/labs/leaves-throw.js:5:',
    )
  })
})
