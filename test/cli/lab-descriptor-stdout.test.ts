/**
 * A lab that writes to descriptor 1 itself (`fs.writeSync(1, …)`, `fs.write`,
 * `fs.writeFileSync(1, …)`, `fs.appendFileSync('/dev/stdout', …)`) writes
 * into its transcript, as one that calls `console.log` does: its text came
 * before `lab run --json`'s document, which then was no JSON.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklabAsync } from '../support/decklab.js'
import { installedCopy } from '../support/installed-copy.js'

const source = `import fs, { writeSync } from 'node:fs'

export default {
  id: 'descriptor-writer',
  title: 'A lab that writes to descriptor 1 itself',
  summary: 'It calls fs.writeSync(1, …) and its kin.',
  requires: [],
  checks: ['ran'],
  serve: null,
  async run(context) {
    writeSync(1, 'named writeSync\\n')
    fs.writeSync(1, Buffer.from('..buffer writeSync\\n'), 2)
    await new Promise((resolve, reject) =>
      fs.write(1, 'fs.write\\n', (error, written) => (error ? reject(error) : resolve(written))),
    )
    fs.writeFileSync(1, 'writeFileSync\\n')
    fs.appendFileSync('/dev/stdout', 'appendFileSync')
    context.check({ name: 'ran', pass: true, expected: 'ran', observed: 'ran', evidence: ['ran'] })
  },
}
`

describe('a lab writing to descriptor 1', () => {
  it('writes into the transcript, and --json prints one JSON document', async () => {
    const install = await installedCopy()
    writeFileSync(join(install, 'lib/labs/descriptor-writer.js'), source)
    const result = await runDecklabAsync(['lab', 'run', 'descriptor-writer', '--json'], {
      bin: join(install, 'lib/src/main.js'),
    })
    expect(result.code, result.stderr + result.stdout).toBe(0)
    const report = JSON.parse(result.stdout)
    expect(report.status).toBe('pass')
    const lines = report.transcript
      .filter((line: string) => / stdout: /.test(line))
      .map((line: string) => line.replace(/^.* stdout: /, ''))
    expect(lines).toEqual([
      'named writeSync',
      'buffer writeSync',
      'fs.write',
      'writeFileSync',
      'appendFileSync',
    ])
  })
})

// A `defer` runs in the cleanup, after `run` returned: its console.log came out on decklab's
// stdout, before `lab run --json`'s document.
describe("a lab's deferred cleanup that prints", () => {
  it('writes into the transcript, and --json prints one JSON document', async () => {
    const install = await installedCopy()
    writeFileSync(
      join(install, 'lib/labs/defer-printer.js'),
      `export default {
  id: 'defer-printer', title: 'A lab whose defer prints', summary: 'Its cleanup logs.',
  requires: [], checks: ['ran'], serve: null,
  async run(context) {
    context.defer(() => console.log('cleaning up now'))
    context.check({ name: 'ran', pass: true, expected: 'ran', observed: 'ran', evidence: ['ran'] })
  },
}
`,
    )
    const result = await runDecklabAsync(['lab', 'run', 'defer-printer', '--json'], {
      bin: join(install, 'lib/src/main.js'),
    })
    expect(result.code, result.stderr + result.stdout).toBe(0)
    const report = JSON.parse(result.stdout)
    expect(report.transcript.filter((line: string) => / stdout: /.test(line))).toEqual([
      expect.stringMatching(/ stdout: cleaning up now$/),
    ])
  })
})
