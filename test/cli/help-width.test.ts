/**
 * Help on a terminal: `decklab --help` and each command's help were written
 * as whole lines of up to 2,000 characters, and an 80-column terminal broke
 * them inside words (`human o` / `utput on stderr`, `resolves deck` / `s`).
 * On a terminal they wrap at words to its width, an option's text under its
 * column; a pipe gets them whole, the tool help within 80 columns.
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

describe('help on a terminal 60 columns wide', () => {
  it.skipIf(!tmux)('fits every line, wrapped at words', { timeout: 60_000 }, async () => {
    const vault = createVaultForTmux()
    const { waitFor, keys, command } = startInTmux(vault.root, vault.state, {
      width: 60,
      shell: true,
    })
    await waitFor(/\$ $/m)
    const decklab = command.split(' quiz ')[0]!
    keys('-l', `${decklab} --help; ${decklab} sync --help; echo "status $?"`)
    keys('Enter')
    // The pane joined at the terminal's own wraps: a line wider than 60 was wrapped by it.
    const screen = await waitFor(/^status \d+$/m)
    expect(screen).toMatch(/^status 0$/m)
    const wide = screen.split('\n').filter((line) => [...line].length > 60)
    expect(wide.filter((line) => !line.startsWith('$ '))).toEqual([])
    const lines = screen.split('\n')
    expect(lines).toContain('Commands that produce a result take --json: one JSON')
    expect(lines).toContain("      --url URL            AnkiConnect's address (default")
  })
})

describe('help in a pipe', () => {
  it('gets the tool help within 80 columns, and the options whole', () => {
    const tool = runDecklab(['--help'])
    expect(tool.code).toBe(0)
    expect(tool.stdout.split('\n').filter((line) => [...line].length > 80)).toEqual([])
    const sync = runDecklab(['sync', '--help'])
    expect(sync.stdout).toMatch(
      /^ {6}--url URL {12}AnkiConnect's address \(default http:[^\n]{20,}$/m,
    )
  })
})
