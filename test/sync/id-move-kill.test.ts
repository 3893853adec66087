// A sync notes a new ID in id-moves.jsonl before it writes the ID into the note, so a kill
// between the two can never leave a written ID whose move is unknown. The other half: a
// sync killed after the note but before the write leaves a move to an ID the Markdown never
// got. When the next sync deletes that note (added by the killed run, and in no note file
// now), the move is taken back, so the note's quiz progress follows it to its next ID.
//
// The kill is held, not raced: a module preloaded into decklab SIGKILLs it at the rename
// that would put the rewritten note in place (the move is on disk, the note is not).
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { ankiUnavailable } from './anki-server.js'
import { anki, ids, sync, vaultIds, workspace } from './sync-fixture.js'

const note = (front: string, back: string, extra = '') =>
  `START\nBasic\n${front}\nBack: ${back}\n${extra}END\n`

/** Kills decklab where a note file would be replaced: the temp file is written, the rename not done. */
const killAtNoteRename = `
import fs from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
const original = fs.renameSync
fs.renameSync = function (from, to) {
  if (String(to).endsWith('.md')) process.kill(process.pid, 'SIGKILL')
  return original.call(this, from, to)
}
syncBuiltinESMExports()
`

describe.skipIf(ankiUnavailable !== undefined)(
  `a sync killed between noting an ID move and writing it${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it('keeps the quiz progress once the next sync gives the note another ID', async () => {
      const shipped = 1700000000001
      const cwd = await workspace({
        'notes/a.md': note('Alpha?', 'alpha', `<!--ID: ${shipped}-->\n`),
        'kill-at-note-rename.mjs': killAtNoteRename,
      })
      const state = join(cwd, 'state')
      const stats = () => {
        const run = runDecklab(['stats', '--json', '--state', state], { cwd })
        expect(run.code, run.stderr).toBe(0)
        return JSON.parse(run.stdout) as { cards: number; new: number; reviews: number }
      }
      const quiz = runDecklab(['quiz', '--answers', '-', '--state', state], {
        cwd,
        input: 'easy\n',
      })
      expect(quiz.code, quiz.stderr).toBe(0)
      expect(stats()).toMatchObject({ cards: 1, new: 0, reviews: 1 })

      const server = await anki(cwd)
      const killed = runDecklab(['sync', '--url', server.url], {
        cwd,
        env: {
          DECKLAB_STATE_DIR: state,
          NODE_OPTIONS: `--import=${pathToFileURL(join(cwd, 'kill-at-note-rename.mjs')).href}`,
        },
      })
      expect(killed.code, killed.stderr).toBe(null)
      // Anki added the note under a new ID and the move is noted; the note still has its old ID.
      const [added] = await server.call<number[]>('findNotes', { query: 'deck:*' })
      expect(added).toBeDefined()
      expect(added).not.toBe(shipped)
      const moves = await readFile(join(state, 'id-moves.jsonl'), 'utf8')
      expect(
        moves
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line)),
      ).toEqual([{ from: shipped, to: added, at: expect.any(String) }])
      expect(ids(await readFile(join(cwd, 'notes/a.md'), 'utf8'))).toEqual([shipped])

      // Reworded before the next sync: the note added for it is no longer its own, so that
      // sync deletes it (in no note file) and adds the note again under a third ID.
      await writeFile(
        join(cwd, 'notes/a.md'),
        note('Alpha, reworded?', 'alpha', `<!--ID: ${shipped}-->\n`),
      )
      const rerun = sync(cwd, server, '--json')
      expect(rerun.code, rerun.stderr).toBe(0)
      const [third] = await vaultIds(join(cwd, 'notes'))
      expect(third).toBeDefined()
      expect([shipped, added]).not.toContain(third)
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toEqual([third])
      // The progress went with the note, not with the ID that never reached it.
      expect(stats()).toMatchObject({ cards: 1, new: 0, reviews: 1 })
    })
  },
)
