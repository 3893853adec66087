import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { guidForNoteId } from '../../src/model/guid.js'
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
    // A partial sync (`decklab sync sub`) linked the progress of a note that lost its ID line
    // leaving out only the IDs of the files it read: the note, copied with its ID into other.md
    // (its first field edited there and synced), kept the ID there, yet the sync moved that
    // ID's progress (id-moves.jsonl) to the new ID Anki gave sub/a.md's copy, and the quiz
    // showed other.md's note new and sub/a.md's as the card reviewed.
    it('keeps the progress with the note of another file that holds its ID, after a partial sync', async () => {
      const block = 'START\nBasic\nWhat is a socket?\nBack: an endpoint\nEND\n'
      const cwd = await workspace({ '.obsidian/': '', 'sub/a.md': block })
      const state = join(cwd, 'state')
      const env = { DECKLAB_STATE_DIR: state }
      const quiz = (input: string, ...args: string[]) =>
        runDecklab(['quiz', '--answers', '-', '--json', ...args], { cwd, env, input })
      const server = await anki(cwd)
      expect(sync(cwd, server).code).toBe(0)
      const file = join(cwd, 'sub', 'a.md')
      const synced = readFileSync(file, 'utf8')
      const id = Number(/<!--ID: (\d+)-->/.exec(synced)![1])
      expect(quiz('easy\n').code).toBe(0)
      writeFileSync(join(cwd, 'other.md'), synced.replace('a socket?', 'a socket (in Unix)?'))
      writeFileSync(file, block)
      const other = sync(cwd, server, 'other.md', '--json')
      expect(other.json?.updated, other.stderr).toHaveLength(1)
      const partial = sync(cwd, server, 'sub', '--json')
      expect(partial.code, partial.stderr).toBe(0)
      expect(partial.json?.added).toHaveLength(1)
      expect(existsSync(join(state, 'id-moves.jsonl'))).toBe(false)
      // The card with progress is other.md's, under its ID; sub/a.md's is new under its new ID.
      const cram = quiz('good\n', '--cram', '--new', '0')
      expect(cram.code, cram.stderr).toBe(0)
      expect(JSON.parse(cram.stdout).reviews.map((review: { key: string }) => review.key)).toEqual([
        `${guidForNoteId(id)}/0`,
      ])
    })
  },
)
