/**
 * Closing the terminal under a running command (a window closed, ssh
 * dropped): the command stops as on SIGHUP, keeps what it saved, cleans up,
 * and the process ends by SIGHUP. Before, Node crashed (SIGSEGV) restoring
 * the dead terminal's mode on its way out. Each command runs in a real
 * pseudo-terminal whose master side is then closed.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { createVault, decklabBin, type Vault } from '../quiz/vault-fixture.js'

const script = fileURLToPath(new URL('../support/pty-hangup.py', import.meta.url))
const python = spawnSync('python3', ['-c', 'import pty'], { encoding: 'utf8' }).status === 0

const vaults: Vault[] = []
afterEach(() => {
  for (const vault of vaults.splice(0)) vault.remove()
})

interface Hangup {
  signal?: string
  code?: number
  core?: boolean
  output: string
  error?: string
}

/** Run `args` in a pseudo-terminal, play `steps`, close the terminal; how it ended. */
function hangUp(
  cwd: string,
  args: string[],
  steps: Array<{ wait: string; send?: string }>,
): Hangup {
  const spec = JSON.stringify({ argv: [process.execPath, decklabBin, ...args], steps })
  const run = spawnSync('python3', [script, spec], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  })
  expect(run.status, run.stderr + run.stdout).toBe(0)
  return JSON.parse(run.stdout) as Hangup
}

describe.skipIf(!python)('closing the terminal', () => {
  it('ends a quiz by SIGHUP, not a crash, keeping the answer saved and removing its lock', () => {
    const vault = createVault()
    vaults.push(vault)
    const result = hangUp(
      vault.root,
      ['quiz', '--state', vault.state],
      [
        { wait: 'Enter/Space reveal' },
        { wait: '', send: ' ' },
        { wait: '1–4 grade', send: '3' },
        { wait: 'saved' },
      ],
    )
    expect(result.error).toBeUndefined()
    expect(result).toMatchObject({ signal: 'SIGHUP', core: false })
    const reviews = readFileSync(join(vault.state, 'reviews.jsonl'), 'utf8').trim().split('\n')
    expect(reviews).toHaveLength(1)
    expect(JSON.parse(reviews[0]!).type).toBe('review')
    expect(existsSync(join(vault.state, 'lock'))).toBe(false)
  })

  it('ends a lab server by SIGHUP after it removed its socket', () => {
    const vault = createVault()
    vaults.push(vault)
    const socket = join(vault.root, 'echo.sock')
    const result = hangUp(
      vault.root,
      ['lab', 'serve', 'stream-echo', '--path', socket],
      [{ wait: 'READY' }],
    )
    expect(result.error).toBeUndefined()
    expect(result).toMatchObject({ signal: 'SIGHUP', core: false })
    expect(result.output).toContain(`READY ${socket}`)
    expect(readdirSync(vault.root)).not.toContain('echo.sock')
  })
})
