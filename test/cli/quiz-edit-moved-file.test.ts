/**
 * The quiz's `e` on a card whose file was moved, renamed or deleted since
 * the session read it (in Obsidian, with the quiz open in a terminal beside
 * it). The editor was opened on the old path, an empty file there (which
 * saving would have added to the vault), and reading it back ended the
 * session: "error Unexpected path `…/a.md`: it does not exist, expected a
 * note file or folder", exit 2. Now the editor is not opened, the quiz says
 * where the card was, and the session goes on with the card as it was.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempProject } from '../support/project.js'
import { startInTmux, stopTmuxServers, tmux } from '../support/quiz-in-tmux.js'

afterEach(() => stopTmuxServers())

const note = 'START\nBasic\nWhat is a socket?\nBack: an endpoint\n<!--ID: 1763700000001-->\nEND\n'

/** A quiz showing a.md's card, `change` made to the vault, then `e`: the screen after it. */
async function editAfter(change: (root: string) => void) {
  const root = await tempProject({ '.obsidian/': '', 'a.md': note })
  const state = join(root, 'state')
  const editor = join(root, 'editor.sh')
  // Records that it ran; `true` as editors go, making no file of its own.
  writeFileSync(editor, `#!/bin/sh\ntouch '${join(root, 'editor-ran')}'\n`, { mode: 0o755 })
  const { waitFor, keys, exitStatus } = startInTmux(root, state, { env: { EDITOR: editor } })
  await waitFor(/card 1 of 1 · Default · new ──\s+What is a socket\?[\s\S]*e edit/)
  change(root)
  keys('e')
  const screen = await waitFor(/a\.md is no longer there/)
  return { root, state, screen, waitFor, keys, exitStatus }
}

describe('e on a card whose file is gone since the session read it', () => {
  for (const [what, change] of [
    [
      'moved to another folder',
      (root: string) => {
        mkdirSync(join(root, 'sub'))
        renameSync(join(root, 'a.md'), join(root, 'sub', 'a.md'))
      },
    ],
    ['deleted', (root: string) => rmSync(join(root, 'a.md'))],
  ] as const) {
    it.skipIf(!tmux)(
      `${what}: keeps the card, opens no editor, and the session goes on`,
      {
        timeout: 60_000,
      },
      async () => {
        const { root, state, screen, waitFor, keys, exitStatus } = await editAfter(change)
        expect(screen).toMatch(/moved, renamed or deleted since this session read it/)
        expect(existsSync(join(root, 'editor-ran'))).toBe(false)
        expect(existsSync(join(root, 'a.md'))).toBe(false)
        // The card is still on screen and answered as before.
        keys('Space')
        await waitFor(/1–4 grade/)
        keys('3')
        await waitFor(/→ Good[^\n]*saved/)
        keys('q')
        await waitFor(/Session: 1 reviewed/)
        expect(await exitStatus()).toBe('0')
        const records = readFileSync(join(state, 'reviews.jsonl'), 'utf8').trim().split('\n')
        expect(records).toHaveLength(1)
      },
    )
  }

  it.skipIf(!tmux)(
    'moved by the editor (a save under another name): keeps the card, and the session goes on',
    { timeout: 60_000 },
    async () => {
      const root = await tempProject({ '.obsidian/': '', 'a.md': note })
      const state = join(root, 'state')
      const editor = join(root, 'editor.sh')
      writeFileSync(editor, `#!/bin/sh\nmv "$2" '${join(root, 'b.md')}'\n`, { mode: 0o755 })
      const { waitFor, keys, exitStatus } = startInTmux(root, state, { env: { EDITOR: editor } })
      await waitFor(/card 1 of 1 · Default · new ──\s+What is a socket\?[\s\S]*e edit/)
      keys('e')
      await waitFor(/a\.md is no longer there/)
      expect(existsSync(join(root, 'b.md'))).toBe(true)
      keys('q')
      await waitFor(/Session: 0 reviewed/)
      expect(await exitStatus()).toBe('0')
    },
  )
})
