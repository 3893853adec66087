/**
 * A lab that holds decklab's thread, stopped by the watchdog while decklab
 * runs on a terminal: exit 1, as off a terminal. The stop points stderr at
 * /dev/null once its message is out, and decklab took that stream for a
 * terminal that hung up: it ended by SIGHUP (status 129, the shell saying
 * "Hangup"), in `lab run` and in the quiz's lab panel alike.
 */
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { installedCopy } from '../support/installed-copy.js'
import { terminalUnavailable } from '../support/on-terminal.js'
import { tempProject } from '../support/project.js'

const heldLab = `export default {
  id: 'held',
  title: 'A lab that holds the thread',
  summary: 'It never gives back control.',
  requires: [],
  checks: ['ran'],
  serve: null,
  async run() {
    const end = Date.now() + 60_000
    while (Date.now() < end) {}
  },
}
`

const shellQuote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`

describe.skipIf(terminalUnavailable !== undefined)('a held lab stopped on a terminal', () => {
  it('exits 1, not by SIGHUP', async () => {
    const install = await installedCopy()
    writeFileSync(join(install, 'lib/labs/held.js'), heldLab)
    const cwd = await tempProject({})
    const argv = [process.execPath, join(install, 'lib/src/main.js'), 'lab', 'run', 'held']
    const command = `${[...argv, '--deadline', '500'].map(shellQuote).join(' ')}; echo "status=$?"`
    const result = spawnSync('script', ['-qec', command, '/dev/null'], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 30_000,
    })
    expect(result.stdout).toContain('error lab held did not give back control within its deadline')
    expect(result.stdout).not.toContain('Hangup')
    expect(result.stdout).toMatch(/status=1\r?\n/)
  })

  // The message replaced verify's open progress line with \r and the erase-line escape,
  // which a TERM=dumb terminal (no progress line there) showed as ^[[K.
  it('writes no escape on a terminal that cannot redraw a line (TERM=dumb)', async () => {
    const install = await installedCopy()
    writeFileSync(join(install, 'lib/labs/held.js'), heldLab)
    const cwd = await tempProject({})
    const argv = [process.execPath, join(install, 'lib/src/main.js'), 'lab', 'run', 'held']
    const command = `${[...argv, '--deadline', '500'].map(shellQuote).join(' ')}; echo "status=$?"`
    const result = spawnSync('script', ['-qec', command, '/dev/null'], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', TERM: 'dumb' },
      timeout: 30_000,
    })
    expect(result.stdout).toContain('error lab held did not give back control within its deadline')
    expect(result.stdout).not.toContain('\u001b')
    expect(result.stdout).toMatch(/status=1\r?\n/)
  })
})
