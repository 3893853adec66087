/**
 * The quiz's `e` on a note without an ID whose text is that of a note
 * deleted on purpose (its ID after a `DELETE` marker, in this file or
 * another). The quiz's start quizzes it as a new note, as `build` has it;
 * the edit found it again by its content without leaving those IDs out, so
 * an editor closed without a change turned the new card into the deleted
 * note's review, and its answer went on the deleted note's progress.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'
import { startInTmux, stopTmuxServers, tmux } from '../support/quiz-in-tmux.js'

afterEach(() => stopTmuxServers())

const id = 1763700000001
const block = 'START\nBasic\nWhat is a socket?\nBack: an endpoint\n'
const withId = `${block}<!--ID: ${id}-->\nEND\n`
const withoutId = `${block}END\n`
const marker = `DELETE\n<!--ID: ${id}-->\n`

/** A vault whose note was answered under its ID, then deleted with `DELETE` as `files` have it. */
async function deletedThenWrittenAgain(files: Record<string, string>) {
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

/** Edit the first card without a change, grade it, and give the key its answer was saved under. */
async function editThenAnswer(root: string, state: string): Promise<string> {
  // `true`: an editor closed without a change.
  const { waitFor, keys } = startInTmux(root, state, { env: { EDITOR: 'true' } })
  await waitFor(/card 1 of 1 · Default · new ──\s+What is a socket\?[\s\S]*e edit/)
  keys('e')
  const screen = await waitFor(/reloaded from the file\s+── card 1 of 1 · Default · \w+ ──/)
  expect(screen).toMatch(/reloaded from the file\s+── card 1 of 1 · Default · new ──/)
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
      const { root, state } = await deletedThenWrittenAgain({ 'a.md': withoutId, 'b.md': marker })
      expect(await editThenAnswer(root, state)).toMatch(/^content:/)
    },
  )

  it.skipIf(!tmux)(
    'keeps it a new note when the marker is in its own file',
    { timeout: 60_000 },
    async () => {
      const { root, state } = await deletedThenWrittenAgain({ 'a.md': `${marker}\n${withoutId}` })
      expect(await editThenAnswer(root, state)).toMatch(/^content:/)
    },
  )
})
