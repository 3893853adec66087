/**
 * A quiz typed at a terminal whose output goes to a pipe, to keep the
 * session (`decklab quiz | tee session.txt`). The full-screen prompts wrote
 * their cursor movements into it (`\e[50G\e[2K\e[G\e[?25h` after each
 * prompt) and erased each prompt once answered, so the file held escape
 * codes and no prompt. A pipe gets the line prompts a `TERM=dumb` terminal
 * gets: plain text, each prompt written once and answered with a line.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
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

START
Basic
Which call removes a socket file?
Back: unlink
END
`

describe('a quiz whose output goes to a pipe (`| tee`)', () => {
  it.skipIf(!tmux)(
    'asks with line prompts, and the pipe gets text without escape codes',
    { timeout: 60_000 },
    async () => {
      const vault = createVaultForTmux(notes)
      const { waitFor, keys, command } = startInTmux(vault.root, vault.state, { shell: true })
      await waitFor(/\$ $/m)
      const log = join(vault.root, 'session.txt')
      keys('-l', `${command} | tee ${log}; echo "status \${PIPESTATUS[0]}"`)
      keys('Enter')
      await waitFor(
        /stale socket file refuse\?\n {2}Enter reveal · e edit · s source · q quit\n {2}>/,
      )
      keys('Enter')
      await waitFor(/1–4 grade · Enter Good[^\n]*\n {2}>/)
      keys('-l', '3')
      keys('Enter')
      await waitFor(/removes a socket file\?\n[^\n]*\n {2}>/)
      keys('-l', 'q')
      keys('Enter')
      const screen = await waitFor(/^status \d+$/m)
      expect(screen).toMatch(/^status 0$/m)
      const text = readFileSync(log, 'utf8')
      expect(text).not.toContain('\u001b')
      expect(text).toMatch(
        /stale socket file refuse\?\n {2}Enter reveal · e edit · s source · q quit\n {2}>[^\n]*── answer ──\n {2}connections\n/,
      )
      // The answers' lines are the terminal's echo, which the pipe does not get.
      expect(text).toMatch(/1–4 grade · Enter Good[^\n]*\n {2}>[^\n]*→ Good · next in 10m/)
      expect(text).toMatch(/^Session: 1 reviewed · 100% recalled/m)
    },
  )
})
