/**
 * `.txt` notes in the plugin's Scan Directory are synced (the plugin reads
 * every file there). One moved out of the Scan Directory is no longer read,
 * but its ID is still written in the vault: its note stays in Anki, as a
 * Markdown note's does, and is never deleted with its review history.
 */
import { mkdir, readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ankiUnavailable } from './anki-server.js'
import { anki, ids, sync, workspace } from './sync-fixture.js'

const block = (front: string) => `START\nBasic\n${front}\nBack: answer\nEND\n`
const settingsPath = '.obsidian/plugins/obsidian-to-anki-plugin/data.json'

describe.skipIf(ankiUnavailable !== undefined)(
  `.txt notes and sync${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it('keeps the note of a .txt file moved out of the Scan Directory', async () => {
      const cwd = await workspace({
        [settingsPath]: JSON.stringify({ settings: { Defaults: { 'Scan Directory': 'cards' } } }),
        'cards/a.md': block('In Markdown'),
        'cards/b.txt': block('In a text file'),
      })
      const server = await anki(cwd)
      const first = sync(cwd, server, '--json')
      expect(first.code, first.stderr).toBe(0)
      expect(first.json?.added).toHaveLength(2)
      const [id] = ids(await readFile(join(cwd, 'cards/b.txt'), 'utf8'))
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toContain(id)
      await mkdir(join(cwd, 'archive'))
      await rename(join(cwd, 'cards/b.txt'), join(cwd, 'archive/b.txt'))
      const after = sync(cwd, server, '--json')
      expect(after.code, after.stderr).toBe(0)
      expect(after.json?.deleted).toEqual([])
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toContain(id)
    })
  },
)
