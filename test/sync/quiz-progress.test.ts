import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { ankiUnavailable } from './anki-server.js'
import { anki, sync, vaultIds, workspace } from './sync-fixture.js'

describe.skipIf(ankiUnavailable !== undefined)(
  `decklab sync and the quiz${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    // The progress stayed under the note's content until its next review: an edit lost it.
    it('keeps the progress of a note quizzed before it had an ID when it is edited after sync wrote one', async () => {
      const cwd = await workspace({
        'notes/a.md':
          'START\nBasic\nWhat does connect() return on a stale socket file?\nBack: ECONNREFUSED\nEND\n',
      })
      const env = { DECKLAB_STATE_DIR: join(cwd, 'state') }
      const quiz = (input: string, ...args: string[]) =>
        runDecklab(['quiz', '--answers', '-', ...args], { cwd, env, input })
      expect(quiz('easy\n').code).toBe(0)
      const server = await anki(cwd)
      const synced = sync(cwd, server, '--json')
      expect(synced.code, synced.stderr).toBe(0)
      expect(await vaultIds(join(cwd, 'notes'))).toHaveLength(1)
      const note = join(cwd, 'notes', 'a.md')
      writeFileSync(
        note,
        readFileSync(note, 'utf8').replace('ECONNREFUSED', 'ECONNREFUSED (no listener)'),
      )
      const stats = runDecklab(['stats', '--json'], { cwd, env })
      expect(JSON.parse(stats.stdout)).toMatchObject({ cards: 1, new: 0, reviews: 1 })
      expect(quiz('good\n', '--cram').stdout).toContain('· review ──')
    })
  },
)
