/**
 * The quiz's `e` on a note without an ID finds it again by the rules of the
 * quiz's start. A note written again after its `DELETE` (the ID after the
 * marker, in this file or another) is quizzed as a new note, as `build` has
 * it; the edit left those IDs out of account, so an editor closed without a
 * change turned the new card into the deleted note's review, and its answer
 * went on the deleted note's progress. A note that lost its ID line keeps
 * the ID's progress when edited, as the quiz's start finds it by its file,
 * note type and first field; the edit found it by its content alone, so
 * its card was new again for the rest of the session; one whose ID line the
 * edit took out left the session.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { guidForNoteId } from '../../src/model/guid.js'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'
import { startInTmux, stopTmuxServers, tmux } from '../support/quiz-in-tmux.js'

afterEach(() => stopTmuxServers())

const id = 1763700000001
const block = 'START\nBasic\nWhat is a socket?\nBack: an endpoint\n'
const withId = `${block}<!--ID: ${id}-->\nEND\n`
const withoutId = `${block}END\n`
const marker = `DELETE\n<!--ID: ${id}-->\n`

/** A vault whose note was answered under its ID, then the files as `files` have them. */
async function answeredThenChanged(files: Record<string, string>) {
  const root = await tempProject({ '.obsidian/': '', 'a.md': withId })
  const state = join(root, 'state')
  const answered = runDecklab(['quiz', '--state', state, '--answers', '-'], {
    cwd: root,
    input: '4\n',
  })
  expect(answered.code, answered.stderr).toBe(0)
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text)
  return { root, state }
}

/**
 * Edit the first card (with `editor`; `true` closes without a change), see it
 * `shown` (new, or review) before and after, grade it, and give the key its answer was saved under.
 */
async function editThenAnswer(
  root: string,
  state: string,
  { editor = 'true', shown = 'new', args = [] as string[] } = {},
): Promise<string> {
  const { waitFor, keys } = startInTmux(root, state, { env: { EDITOR: editor }, args })
  await waitFor(
    new RegExp(`card 1 of 1 · Default · ${shown} ──\\s+What is a socket\\?[\\s\\S]*e edit`),
  )
  keys('e')
  const screen = await waitFor(/reloaded from the file\s+── card 1 of 1 · Default · \w+ ──/)
  expect(screen).toMatch(
    new RegExp(`reloaded from the file\\s+── card 1 of 1 · Default · ${shown} ──`),
  )
  keys('Space')
  await waitFor(/1–4 grade/)
  keys('3')
  await waitFor(/→ Good/)
  keys('q')
  await waitFor(/Session: 1 reviewed/)
  const records = readFileSync(join(state, 'reviews.jsonl'), 'utf8').trim().split('\n')
  return (JSON.parse(records.at(-1)!) as { key: string }).key
}

describe('editing from the quiz a note written again after its DELETE', () => {
  it.skipIf(!tmux)(
    'keeps it a new note when the marker is in another file',
    { timeout: 60_000 },
    async () => {
      const { root, state } = await answeredThenChanged({ 'a.md': withoutId, 'b.md': marker })
      expect(await editThenAnswer(root, state)).toMatch(/^content:/)
    },
  )

  it.skipIf(!tmux)(
    'keeps it a new note when the marker is in its own file',
    { timeout: 60_000 },
    async () => {
      const { root, state } = await answeredThenChanged({ 'a.md': `${marker}\n${withoutId}` })
      expect(await editThenAnswer(root, state)).toMatch(/^content:/)
    },
  )
})

describe('editing from the quiz a note that lost its ID line', () => {
  it.skipIf(!tmux)(
    'keeps the progress of the ID it had when the edit changes its Back',
    { timeout: 60_000 },
    async () => {
      const { root, state } = await answeredThenChanged({ 'a.md': withoutId })
      const editor = join(root, 'editor.sh')
      writeFileSync(
        editor,
        `#!/bin/sh\nsed -i 's/^Back: an endpoint$/Back: an endpoint, edited/' "$2"\n`,
        {
          mode: 0o755,
        },
      )
      const key = await editThenAnswer(root, state, { editor, shown: 'review', args: ['--cram'] })
      expect(key).toBe(`${guidForNoteId(id)}/0`)
      expect(readFileSync(join(root, 'a.md'), 'utf8')).toContain('Back: an endpoint, edited\n')
    },
  )

  // The card was said to be "no longer in its file" and left the session, though the quiz's
  // next start quizzes the note under its ID.
  it.skipIf(!tmux)(
    'keeps it in the session, under its ID, when the edit takes its ID line out',
    { timeout: 60_000 },
    async () => {
      const { root, state } = await answeredThenChanged({})
      const editor = join(root, 'editor.sh')
      writeFileSync(editor, `#!/bin/sh\nsed -i '/<!--ID: /d' "$2"\n`, { mode: 0o755 })
      const key = await editThenAnswer(root, state, { editor, shown: 'review', args: ['--cram'] })
      expect(key).toBe(`${guidForNoteId(id)}/0`)
      expect(readFileSync(join(root, 'a.md'), 'utf8')).toBe(withoutId)
    },
  )
})
