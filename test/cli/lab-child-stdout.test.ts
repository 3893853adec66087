/**
 * A child a lab starts with decklab's stdout (`stdio: 'inherit'`, or fd 1
 * in a stdio array) writes into the transcript, not into the report: its
 * text came before `lab run --json`'s document, which then was no JSON.
 * Nor does it read decklab's stdin (the quiz's keys): it gets nothing there.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab, runDecklabAsync } from '../support/decklab.js'
import { installedCopy } from '../support/installed-copy.js'

const source = `export default {
  id: 'chatty-child',
  title: 'A lab whose child prints on the stdout of decklab',
  summary: 'Its child inherits stdout.',
  requires: [],
  checks: ['ran'],
  serve: null,
  async run(context) {
    const stdio = process.env.LAB_STDIO === 'array' ? ['ignore', 1, 'pipe'] : 'inherit'
    const child = context.spawn('/bin/sh', ['-c', 'echo first line; printf "no newline"'], { stdio })
    await new Promise((resolve) => child.on('close', resolve))
    context.check({ name: 'ran', pass: true, expected: 'ran', observed: 'ran', evidence: ['ran'] })
  },
}
`

const readingSource = source
  .replaceAll('chatty-child', 'reading-child')
  .replace(`'echo first line; printf "no newline"'`, `'read -r line; echo "read [$line]"'`)
  .replace("['ignore', 1, 'pipe']", "[0, 1, 'pipe']")

describe("a lab's child given decklab's stdout", () => {
  it.each(['inherit', 'array'])('prints into the transcript (stdio %s)', async (stdio) => {
    const install = await installedCopy()
    writeFileSync(join(install, 'lib/labs/chatty-child.js'), source)
    const result = await runDecklabAsync(['lab', 'run', 'chatty-child', '--json'], {
      bin: join(install, 'lib/src/main.js'),
      env: { LAB_STDIO: stdio },
    })
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout)
    expect(report.status).toBe('pass')
    expect(report.transcript).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/ stdout of \/bin\/sh: first line$/),
        expect.stringMatching(/ stdout of \/bin\/sh: no newline$/),
      ]),
    )
  })

  it.each(['inherit', 'array'])("reads nothing of decklab's stdin (stdio %s)", async (stdio) => {
    const install = await installedCopy()
    writeFileSync(join(install, 'lib/labs/reading-child.js'), readingSource)
    const result = runDecklab(['lab', 'run', 'reading-child', '--json'], {
      bin: join(install, 'lib/src/main.js'),
      env: { LAB_STDIO: stdio },
      input: 'a key meant for the quiz\n',
    })
    expect(result.code, result.stderr).toBe(0)
    const report = JSON.parse(result.stdout)
    expect(report.transcript).toEqual(
      expect.arrayContaining([expect.stringMatching(/ stdout of \/bin\/sh: read \[\]$/)]),
    )
    expect(result.stdout).not.toContain('a key meant for the quiz')
  })
})
