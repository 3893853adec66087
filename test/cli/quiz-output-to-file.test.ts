/**
 * `decklab quiz > session.txt` typed at a terminal. Output that is not a
 * terminal gets the session as text with line prompts (a transcript, as for
 * `| tee`), so the file got the cards, the prompts and the closing line, and
 * the screen stayed blank but for the keys typed, with nothing to say why.
 * The quiz says so on stderr before the first card and goes on; a pipe,
 * which may lead to the screen, gets no such note (`| cat > file` neither:
 * it cannot be told from `| tee`).
 */
import { existsSync, readFileSync } from 'node:fs'
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
`

/** Wait until `file` holds `text` (the quiz has written its first card there). */
async function fileHolds(file: string, text: string): Promise<string> {
  const deadline = Date.now() + 20_000
  for (;;) {
    const held = existsSync(file) ? readFileSync(file, 'utf8') : ''
    if (held.includes(text)) return held
    if (Date.now() > deadline)
      throw new Error(`expected ${JSON.stringify(text)} in ${file}:\n${held}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('a quiz typed at a terminal whose output goes to a file (`> session.txt`)', () => {
  it.skipIf(!tmux)(
    'says on the screen that the session goes to the file, which keeps it; Ctrl-C ends it',
    { timeout: 60_000 },
    async () => {
      const vault = createVaultForTmux(notes)
      const { waitFor, keys, command } = startInTmux(vault.root, vault.state, { shell: true })
      await waitFor(/\$ $/m)
      const file = join(vault.root, 'session.txt')
      keys('-l', `${command} > ${file}; echo "status $?"`)
      keys('Enter')
      const text = await fileHolds(file, 'Enter reveal · e edit · s source · q quit\n  > ')
      expect(text).toContain('What does a stale socket file refuse?')
      const screen = await waitFor(/standard output is a file, not this terminal/)
      expect(screen.replace(/\s*\n\s*/g, ' ')).toContain(
        'note standard output is a file, not this terminal: the session (its cards, prompts and closing line) is written there, and this screen shows only what you type. Ctrl-C ends the session, every answer saved; `decklab quiz | tee FILE` shows it here and keeps it in FILE.',
      )
      expect(screen).not.toContain('stale socket file refuse')
      keys('C-c')
      expect(await waitFor(/^status \d+$/m)).toMatch(/^status 130$/m)
      expect(readFileSync(file, 'utf8')).toContain('Interrupted; every answer above is saved.')
    },
  )

  it.skipIf(!tmux)(
    'says nothing of it when the output goes to a pipe, which may be the screen (`| tee`)',
    { timeout: 60_000 },
    async () => {
      const vault = createVaultForTmux(notes)
      const { waitFor, keys, command } = startInTmux(vault.root, vault.state, { shell: true })
      await waitFor(/\$ $/m)
      const file = join(vault.root, 'session.txt')
      keys('-l', `${command} | cat > ${file}; echo "status \${PIPESTATUS[0]}"`)
      keys('Enter')
      await fileHolds(file, 'Enter reveal · e edit · s source · q quit\n  > ')
      keys('-l', 'q')
      keys('Enter')
      const screen = await waitFor(/^status \d+$/m)
      expect(screen).toMatch(/^status 0$/m)
      expect(screen).not.toContain('standard output')
      expect(readFileSync(file, 'utf8')).toMatch(/^Session: 0 reviewed/m)
    },
  )
})
