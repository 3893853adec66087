/**
 * Ctrl-D at a full-screen prompt of the quiz. It closed the prompt's
 * readline, and Inquirer's prompt then waited on an input nobody read: on a
 * small vault, with nothing else to wait for, the process ended with exit 0
 * in the middle of the session, without its closing lines ("Session: …",
 * "Interrupted; every answer above is saved."). It ends the session as
 * Ctrl-C does, exit 130; with text typed at the answer prompt it deletes
 * the character under the cursor, as in a shell, and the session goes on.
 * So when the text, the Ctrl-D and Enter come in one read (a paste, or
 * typing on a busy machine): only a Ctrl-D that is the last key the prompt
 * read ends the session (`ctrlDLast` in src/quiz/prompts.ts).
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
Basic (type in the answer)
Which errno does a missing path give?
Back: ENOENT
END

START
Basic
What does a stale socket file refuse?
Back: connections
END
`

function reviews(state: string): string[] {
  return readFileSync(join(state, 'reviews.jsonl'), 'utf8').trimEnd().split('\n')
}

describe('Ctrl-D at the quiz’s full-screen prompts', () => {
  it.skipIf(!tmux)(
    'at the empty answer prompt ends the session with exit 130 and its closing lines',
    { timeout: 60_000 },
    async () => {
      const vault = createVaultForTmux(notes)
      const { waitFor, keys, exitStatus } = startInTmux(vault.root, vault.state)
      await waitFor(/Your answer/)
      keys('C-d')
      const screen = await waitFor(/Interrupted; every answer above is saved\./)
      expect(screen).toMatch(/^Session: 0 reviewed/m)
      expect(await exitStatus()).toBe('130')
    },
  )

  it.skipIf(!tmux)(
    'deletes at the answer prompt with text typed; at the reveal prompt ends the session, the answer kept',
    { timeout: 60_000 },
    async () => {
      const vault = createVaultForTmux(notes)
      const { waitFor, keys, exitStatus } = startInTmux(vault.root, vault.state)
      await waitFor(/Your answer/)
      // The X under the cursor goes, and the answer is ENOENT.
      keys('-l', 'ENOENTX')
      keys('Left')
      keys('C-d')
      keys('Enter')
      await waitFor(/✓ correct: ENOENT[\s\S]*1–4 grade/)
      keys('3')
      await waitFor(/stale socket file[\s\S]*Enter\/Space reveal/)
      keys('C-d')
      const screen = await waitFor(/Interrupted; every answer above is saved\./)
      expect(screen).toMatch(/^Session: 1 reviewed · 100% recalled/m)
      expect(await exitStatus()).toBe('130')
      expect(reviews(vault.state)).toHaveLength(1)
    },
  )

  // One send-keys call: tmux writes the keys to the terminal at once, and the answer prompt
  // reads them in one read, Enter after the Ctrl-D. A rule that ended the session on any Ctrl-D
  // the prompt read (as Ctrl-C read with the answer's key does) ended it here, after the verdict.
  it.skipIf(!tmux)(
    'text, Ctrl-D and Enter in one read answer the card, and the session goes on',
    { timeout: 60_000 },
    async () => {
      const vault = createVaultForTmux(notes)
      const { waitFor, keys, exitStatus } = startInTmux(vault.root, vault.state)
      await waitFor(/Your answer/)
      keys('E', 'N', 'O', 'E', 'N', 'T', 'C-d', 'Enter')
      await waitFor(/✓ correct: ENOENT[\s\S]*1–4 grade/)
      keys('3')
      // The session went on to the next card, and no stop was said.
      const next = await waitFor(/stale socket file[\s\S]*Enter\/Space reveal/)
      expect(next).not.toMatch(/Interrupted|received Ctrl-D/)
      expect(reviews(vault.state)).toHaveLength(1)
      keys('q')
      const screen = await waitFor(/^Session: 1 reviewed · 100% recalled/m)
      expect(screen).not.toMatch(/Interrupted/)
      expect(await exitStatus()).toBe('0')
    },
  )
})
