/**
 * An error that stops a command (exit 2), on a terminal 40 columns wide:
 * warnings wrapped at words there, but the `error …` line was written whole
 * and the terminal broke it inside a word (`(did you me` / `an`,
 * `expected a note file or folde` / `r`). It wraps at words too; a pipe
 * still gets it on one line.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import {
  createVaultForTmux,
  startInTmux,
  stopTmuxServersThenRemoveVaults,
  tmux,
} from '../support/quiz-in-tmux.js'

afterEach(() => stopTmuxServersThenRemoveVaults())

/** The rows a 40-column terminal shows for `decklab quiz <args>`, once it exited 2. */
async function rowsAt40(args: string[]): Promise<string[]> {
  const vault = createVaultForTmux()
  const { rows, exitStatus } = startInTmux(vault.root, vault.state, { width: 40, args })
  expect(await exitStatus()).toBe('2')
  return rows().split('\n')
}

describe('an error on a terminal 40 columns wide', () => {
  it.skipIf(!tmux)('a usage error wraps at words', { timeout: 60_000 }, async () => {
    const lines = await rowsAt40(['--nwe', '3'])
    expect(lines).toContain("error Unknown option '--nwe' (did you")
    expect(lines).toContain('mean `--new`?)')
  })

  it.skipIf(!tmux)('an error of the environment wraps at words', { timeout: 60_000 }, async () => {
    const lines = await rowsAt40(['no-such-notes'])
    expect(lines).toContain('error Unexpected path `no-such-notes`:')
    expect(lines).toContain('it does not exist, expected a note file')
    expect(lines).toContain('or folder')
  })
})

describe('the quiz without a terminal on stdin, its message on one of 40 columns', () => {
  it.skipIf(!tmux)('wraps at words', { timeout: 60_000 }, async () => {
    const vault = createVaultForTmux()
    const { waitFor, keys, command } = startInTmux(vault.root, vault.state, {
      width: 40,
      shell: true,
    })
    await waitFor(/\$ $/m)
    keys('-l', `${command} < /dev/null; echo "status $?"`)
    keys('Enter')
    const screen = await waitFor(/^status \d+$/m)
    expect(screen).toMatch(/^status 2$/m)
    const lines = screen.split('\n')
    expect(lines).toContain('To script a session, give one answer per')
    expect(lines).toContain('card (a grade again|hard|good|easy or')
  })
})

describe('an error in a pipe', () => {
  it('stays on one line', () => {
    const vault = createVaultForTmux()
    const result = runDecklab(['check', 'no-such-notes'], { cwd: vault.root })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      'error Unexpected path `no-such-notes`: it does not exist, expected a note file or folder\n',
    )
  })
})
