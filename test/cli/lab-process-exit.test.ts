/**
 * A course's lab that calls `process.exit` ends as an error naming the call,
 * with the run's report and exit code: it once ended decklab on the spot with
 * the lab's own code, so `lab run --json` and `verify` printed nothing and
 * exited 0. A module whose top level calls it is a broken lab, as one that
 * throws there is.
 */
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklabAsync } from '../support/decklab.js'
import { installedCopy } from '../support/installed-copy.js'

const source = `export default {
  id: 'exits',
  title: 'A lab that ends the process',
  summary: 'It calls process.exit.',
  requires: [],
  checks: ['never'],
  serve: null,
  async run(context) {
    context.log('dir ' + context.dir)
    if (process.env.LAB_EXIT === 'later') {
      setTimeout(() => process.exit(3), 10)
      await new Promise(() => {})
    }
    process.exit(0)
  },
}
`

async function installWithExitingLab(): Promise<string> {
  const install = await installedCopy()
  writeFileSync(join(install, 'lib/labs/exits.js'), source)
  return install
}

/** The lab directory the run's transcript names. */
function labDirectory(result: { transcript: string[] }): string {
  const line = result.transcript.find((entry) => / dir \//.test(entry)) ?? ''
  return line.slice(line.indexOf(' dir ') + 5)
}

describe('a lab that calls process.exit', () => {
  it('is an error with the report, not the end of decklab', async () => {
    const bin = join(await installWithExitingLab(), 'lib/src/main.js')
    const result = await runDecklabAsync(['lab', 'run', 'exits', '--json'], { bin })
    expect(result.code).toBe(1)
    const report = JSON.parse(result.stdout)
    expect(report.status).toBe('error')
    expect(report.reason).toMatch(
      /^the lab called process\.exit\(0\): .* \(at lib\/labs\/exits\.js:\d+:\d+\)$/,
    )
    expect(existsSync(labDirectory(report))).toBe(false)
    const human = await runDecklabAsync(['lab', 'run', 'exits'], { bin })
    expect(human.code).toBe(1)
    expect(human.stdout).toContain('ERROR exits: 0/1 checks passed')
  })

  it('is an error when a timer of the lab calls it', async () => {
    const bin = join(await installWithExitingLab(), 'lib/src/main.js')
    const result = await runDecklabAsync(['lab', 'run', 'exits', '--json'], {
      bin,
      env: { LAB_EXIT: 'later' },
    })
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout).reason).toMatch(
      /^the lab crashed: the lab called process\.exit\(3\): /,
    )
  })

  it('makes a module that calls it at its top level a broken lab', async () => {
    const install = await installedCopy()
    writeFileSync(
      join(install, 'lib/labs/exits-early.js'),
      `process.exit(0)\n${source.replace("id: 'exits'", "id: 'exits-early'")}`,
    )
    const result = await runDecklabAsync(['lab', 'list', '--json'], {
      bin: join(install, 'lib/src/main.js'),
    })
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout).broken).toEqual([
      {
        id: 'exits-early',
        reason: expect.stringMatching(
          /^labs\/exits-early\.ts: cannot import: the lab called process\.exit\(0\)/,
        ),
      },
    ])
  })
})
