/**
 * A quiz at 40 columns: a card's text, its hints and grade buttons wrapped
 * at words, but the typing prompt of TERM=dumb's line prompts and the
 * session's closing lines were written whole, and the terminal broke them
 * inside a word (`I do` / `n't know):`, `saved` / `.`). They wrap at words too.
 */
import { afterEach, describe, expect, it } from 'vitest'
import {
  createVaultForTmux,
  startInTmux,
  stopTmuxServersThenRemoveVaults,
  tmux,
} from '../support/quiz-in-tmux.js'

afterEach(() => stopTmuxServersThenRemoveVaults())

const notes = `START
Basic (type in the answer)
How long may a sun_path be, in bytes?
Back: 108
<!--ID: 1763700000011-->
END

START
Basic (type in the answer)
Which errno does a missing path give?
Back: ENOENT
<!--ID: 1763700000012-->
END
`

describe('a quiz on a terminal 40 columns wide', () => {
  it.skipIf(!tmux)(
    'wraps the line prompt to type at and the closing lines at words',
    { timeout: 60_000 },
    async () => {
      const vault = createVaultForTmux(notes)
      const { waitFor, keys, rows, exitStatus } = startInTmux(vault.root, vault.state, {
        width: 40,
        prefix: ['env', 'TERM=dumb'],
      })
      await waitFor(/sun_path[\s\S]*\n {2}> $/m)
      keys('-l', '108')
      keys('Enter')
      await waitFor(/✓ correct: 108[\s\S]*1–4 grade[\s\S]*\n {2}> $/m)
      keys('-l', '3')
      keys('Enter')
      await waitFor(/missing path[\s\S]*\n {2}> $/m)
      keys('C-c')
      expect(await exitStatus()).toBe('130')
      const lines = rows().split('\n')
      expect(lines).toContain('  Your answer (Enter with nothing = I')
      expect(lines).toContain('  don’t know):')
      expect(lines).toContain('Interrupted; every answer above is')
      expect(lines).toContain('saved.')
      expect(
        lines.filter((line) => /^Session: 1 reviewed · 100% recalled/.test(line)),
      ).toHaveLength(1)
    },
  )
})
