/**
 * `lab run <id>` stopped with Ctrl-C (SIGINT) while its peer listened on a
 * socket in the lab's directory. The peer, killed, left its socket file, and
 * the runner removed it with the directory; the report still said, under
 * "Left behind", `socket file peer.sock left in the lab directory`, read as
 * a file left on the disk. It says the runner removed it.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startDecklab } from '../support/decklab.js'
import { installedCopy } from '../support/installed-copy.js'
import { peeredLab } from '../support/peered-lab.js'
import { isAlive } from '../support/proc-processes.js'
import { tempProject } from '../support/project.js'

/** `lab run peered` (with `extra` arguments), sent SIGINT once its peer listens; its exit and output. */
async function interruptedRun(extra: string[]) {
  const install = await installedCopy()
  writeFileSync(join(install, 'lib/labs/peered.js'), peeredLab)
  const cwd = await tempProject({ 'tmp/': '' })
  const tmp = join(cwd, 'tmp')
  const { child, stderr, done } = startDecklab(['lab', 'run', 'peered', ...extra], {
    bin: join(install, 'lib/src/main.js'),
    cwd,
    env: { TMPDIR: tmp },
  })
  const noted = join(cwd, 'peer.json')
  try {
    const deadline = Date.now() + 20_000
    while (!existsSync(noted) && child.exitCode === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(existsSync(noted), stderr()).toBe(true)
  } finally {
    child.kill('SIGINT')
  }
  const { code, stdout, stderr: said } = await done
  const peer = JSON.parse(readFileSync(noted, 'utf8')) as { pid: number; socket: string }
  // Nothing of the lab is left: no peer, no socket file, no directory.
  expect(isAlive(peer.pid)).toBe(false)
  expect(existsSync(peer.socket)).toBe(false)
  expect(readdirSync(tmp)).toEqual([])
  return { code, stdout, stderr: said }
}

describe('lab run stopped by Ctrl-C while its peer listens in the lab directory', () => {
  it('says the socket file it left there was removed', { timeout: 60_000 }, async () => {
    const { code, stdout, stderr } = await interruptedRun([])
    expect(code, stderr).toBe(130)
    // The whole block: nothing else is said to be left behind.
    expect(stdout).toContain(
      '\nLeft behind\n  socket file peer.sock left in the lab directory (removed by the runner)\n\n',
    )
    expect(stdout).toMatch(/ERROR peered: .* — interrupted: received SIGINT\n/)
  })

  it('says so in --json too', { timeout: 60_000 }, async () => {
    const { code, stdout, stderr } = await interruptedRun(['--json'])
    expect(code, stderr).toBe(130)
    const report = JSON.parse(stdout) as { interrupted: boolean; leftovers: string[] }
    expect(report.interrupted).toBe(true)
    expect(report.leftovers).toEqual([
      'socket file peer.sock left in the lab directory (removed by the runner)',
    ])
  })
})
