/**
 * A note whose first field this sync changes frees its old first field for
 * a new note: the update is made before the adds, so Anki does not refuse
 * the new note as a duplicate of a text that is about to go. A line
 * inserted above a regex note's ID (the plugin's ID goes after the match)
 * or a block renamed beside a new one with its old front do that. Against
 * the real AnkiConnect.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ankiUnavailable } from './anki-server.js'
import { allCards, anki, ids, sync, workspace } from './sync-fixture.js'

const block = (front: string, id = '') => `START\nBasic\n${front}\nBack: answer\n${id}END\n`

describe.skipIf(ankiUnavailable !== undefined)(
  `sync frees a first field before adding${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it('adds a note with the old first field of a note it renames in the same sync', async () => {
      const cwd = await workspace({ '.obsidian/app.json': '{}', 'a.md': block('chat') })
      const server = await anki(cwd)
      expect(sync(cwd, server).code).toBe(0)
      const [chat] = ids(await readFile(join(cwd, 'a.md'), 'utf8'))
      // The old note is renamed, and a new block takes its old front.
      await writeFile(join(cwd, 'a.md'), block('chat') + block('maison', `<!--ID: ${chat}-->\n`))
      const dry = sync(cwd, server, '--dry-run', '--json')
      expect(dry.code, dry.stderr).toBe(0)
      expect(dry.json).toMatchObject({
        diagnostics: [],
        added: [{ line: 1 }],
        updated: [{ id: chat }],
      })
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json).toMatchObject({
        diagnostics: [],
        added: [{ line: 1 }],
        updated: [{ id: chat }],
      })
      const fronts = (await allCards(server)).map((card) => [card.note, card.fields.Front?.value])
      const [added] = ids(await readFile(join(cwd, 'a.md'), 'utf8'))
      expect(fronts.sort()).toEqual([
        [chat, 'maison'],
        [added, 'chat'],
      ])
    }, 120_000)
  },
)
