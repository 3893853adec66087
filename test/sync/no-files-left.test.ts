/**
 * A sync that finds no note file where it reads (the vault's last note file
 * deleted, a folder synced on its own emptied) is still a sync of that
 * vault: its record is the one the earlier syncs kept, so the notes of the
 * files gone are deleted as any removal is, and a note moved elsewhere in
 * the vault is still found there.
 */
import { readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ankiUnavailable } from './anki-server.js'
import { anki, ids, sync, workspace } from './sync-fixture.js'

const note = (front: string, back: string) => `START\nBasic\n${front}\nBack: ${back}\nEND\n`

describe.skipIf(ankiUnavailable !== undefined)(
  `decklab sync with no note file left where it reads${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it("deletes the notes of the vault's last note file, once it is gone", async () => {
      const cwd = await workspace({
        '.obsidian/app.json': '{}',
        'only.md': `${note('Alpha?', 'alpha')}\n${note('Beta?', 'beta')}`,
      })
      const server = await anki(cwd)
      expect(sync(cwd, server).code).toBe(0)
      const written = ids(await readFile(join(cwd, 'only.md'), 'utf8'))
      expect(written).toHaveLength(2)
      await rm(join(cwd, 'only.md'))
      const dry = sync(cwd, server, '--dry-run', '--json')
      expect(dry.json?.deleted.map((entry) => entry.id).sort()).toEqual([...written].sort())
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.deleted.map((entry) => entry.id).sort()).toEqual([...written].sort())
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toEqual([])
    })

    it('of an emptied folder, keeps a note moved out of it and deletes one removed', async () => {
      const cwd = await workspace({
        '.obsidian/app.json': '{}',
        'sub/moved.md': note('Moves?', 'out of sub'),
        'sub/gone.md': note('Goes?', 'for good'),
        'keep.md': note('Stays?', 'at the root'),
      })
      const server = await anki(cwd)
      expect(sync(cwd, server).code).toBe(0)
      const [moved] = ids(await readFile(join(cwd, 'sub/moved.md'), 'utf8'))
      const [gone] = ids(await readFile(join(cwd, 'sub/gone.md'), 'utf8'))
      await rename(join(cwd, 'sub/moved.md'), join(cwd, 'moved.md'))
      await rm(join(cwd, 'sub/gone.md'))
      const run = sync(cwd, server, 'sub', '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.deleted).toEqual([{ id: gone, reason: 'removed', file: expect.any(String) }])
      const left = await server.call<number[]>('findNotes', { query: 'deck:*' })
      expect(left).toContain(moved)
      expect(left).not.toContain(gone)
    })
  },
)
