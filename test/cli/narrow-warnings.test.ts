/**
 * Warnings on stderr at 40 columns: the quiz's card and stats' report wrap
 * at words, but their warnings (`warning 1 note has no ID yet…`) were written
 * whole, and the terminal broke them inside a word (`it is coun` / `ted by`).
 * On a terminal they wrap at words too; a pipe still gets them whole.
 */
import { spawnSync } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { decklabBin } from '../support/decklab.js'
import {
  createVaultForTmux,
  startInTmux,
  stopTmuxServersThenRemoveVaults,
  tmux,
} from '../support/quiz-in-tmux.js'

afterEach(() => stopTmuxServersThenRemoveVaults())

const notes = `START
Basic
What does a stale socket file refuse?
Back: connections
END
`

describe('warnings on a terminal 40 columns wide', () => {
  it.skipIf(!tmux)('the quiz wraps its warnings at words', { timeout: 60_000 }, async () => {
    const vault = createVaultForTmux(notes)
    const { waitFor, keys, rows, exitStatus } = startInTmux(vault.root, vault.state, {
      width: 40,
    })
    await waitFor(/stale socket file/)
    keys('q')
    expect(await exitStatus()).toBe('0')
    const lines = rows().split('\n')
    expect(lines).toContain('warning 1 note has no ID yet: it is')
    expect(lines).toContain('quizzed by its content until `decklab')
  })

  it.skipIf(!tmux)('stats wraps its warnings at words', { timeout: 60_000 }, async () => {
    const vault = createVaultForTmux(notes)
    const { waitFor, keys, rows, command } = startInTmux(vault.root, vault.state, {
      width: 40,
      shell: true,
    })
    await waitFor(/\$ $/m)
    keys('-l', `${command.replace(/ quiz /, ' stats ')}; echo "status $?"`)
    keys('Enter')
    expect(await waitFor(/^status \d+$/m)).toMatch(/^status 0$/m)
    const lines = rows().split('\n')
    expect(lines).toContain('warning 1 note has no ID yet: it is')
    expect(lines).toContain('counted by its content until `decklab')
  })

  it('a pipe gets the warning whole', () => {
    const vault = createVaultForTmux(notes)
    const run = spawnSync(process.execPath, [decklabBin, 'stats', '--state', vault.state], {
      cwd: vault.root,
      encoding: 'utf8',
      env: { ...process.env, COLUMNS: '40', NO_COLOR: '1' },
    })
    expect(run.status).toBe(0)
    expect(run.stderr).toContain(
      'warning 1 note has no ID yet: it is counted by its content until `decklab build` writes its ID\n',
    )
  })
})
