/**
 * A signal that comes while decklab is still loading its commands (the
 * first tenth of a second or more) stops the command like any other: exit
 * 130, nothing written. Before, the handlers were installed only after the
 * commands had loaded, and such a signal killed the process (143).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { decklabBin } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const hook = fileURLToPath(new URL('../support/signal-while-loading.mjs', import.meta.url))
const note = 'START\nBasic\nQ?\nBack: A\nEND\n'

describe('a signal while decklab loads its commands', () => {
  it('stops the build with exit 130, writing no ID and no package', async () => {
    const cwd = await tempProject({ '.obsidian/': '', 'a.md': note }, 'decklab-early-signal-')
    const run = spawnSync(process.execPath, ['--import', hook, decklabBin, 'build', '--json'], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 30_000,
    })
    expect(run.signal, run.stderr).toBeNull()
    expect(run.status, run.stderr).toBe(130)
    expect(JSON.parse(run.stdout).error).toMatchObject({ code: 'interrupted' })
    expect(readFileSync(join(cwd, 'a.md'), 'utf8')).toBe(note)
    expect(existsSync(join(cwd, 'dist'))).toBe(false)
  })

  it('a second Ctrl-C then ends it at once, and --json still prints its one document', async () => {
    const cwd = await tempProject({ '.obsidian/': '', 'a.md': note }, 'decklab-early-signal-')
    const run = spawnSync(process.execPath, ['--import', hook, decklabBin, 'build', '--json'], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', DECKLAB_TEST_LOADING_SIGNALS: 'SIGINT,SIGINT' },
      timeout: 30_000,
    })
    expect(run.signal, run.stderr).toBeNull()
    expect(run.status, run.stderr).toBe(130)
    expect(run.stderr).toContain('Interrupted.')
    expect(JSON.parse(run.stdout).error).toEqual({
      code: 'interrupted',
      message: 'interrupted by SIGINT',
    })
    expect(readFileSync(join(cwd, 'a.md'), 'utf8')).toBe(note)
    expect(existsSync(join(cwd, 'dist'))).toBe(false)
  })
})
