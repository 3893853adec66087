import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The built binary the CLI tests spawn (`npx tsc -p .` first). */
export const decklabBin = fileURLToPath(new URL('../../lib/src/main.js', import.meta.url))

/**
 * A small vault in a fresh temporary directory: a Basic card, a typed card
 * linked to the `missing-socket` lab, a cloze, and a note without an ID.
 */
export const fixtureNotes = `---
deck: Test::Quiz
---

START
Basic
What does **UDS** stand for?
Back: Unix domain sockets
<!--ID: 1763700000001-->
END

START
Basic (type in the answer)
Which errno does connect() give for a path where no file exists?
Back: ENOENT
Lab: missing-socket#connect-enoent
<!--ID: 1763700000002-->
END

START
Cloze
The longest sun_path is {{c1::108}} bytes on Linux.
<!--ID: 1763700000003-->
END

START
Basic
A note with no ID yet
Back: it is left out
Tags: noid
END
`

export interface Vault {
  /** The working directory (it holds `notes/`). */
  root: string
  /** A state directory inside it, not created yet. */
  state: string
  remove(): void
}

/** Create the vault; call `remove` in cleanup. */
export function createVault(notes = fixtureNotes): Vault {
  const root = mkdtempSync(join(tmpdir(), 'decklab-quiz-'))
  mkdirSync(join(root, 'notes'))
  writeFileSync(join(root, 'notes', 'quiz.md'), notes)
  return {
    root,
    state: join(root, 'state'),
    remove: () => rmSync(root, { recursive: true, force: true }),
  }
}
