/**
 * A new note whose file cannot take the ID Anki gives it: said before
 * anything is added (crash sweep 82: sync added the notes, failed to write
 * their IDs, and every later sync sent them again).
 */
import { chmod, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ankiUnavailable } from './anki-server.js'
import { anki, sync, workspace } from './sync-fixture.js'

const text = 'START\nBasic\nQ?\nBack: A\nEND\n'

describe.skipIf(ankiUnavailable !== undefined)(
  `decklab sync of a new note in a read-only file${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it('is an error before anything is added, in --dry-run too; the file and Anki stay as they were', async () => {
      const cwd = await workspace({ 'b.md': 'START\nBasic\nOther?\nBack: B\nEND\n' })
      await writeFile(join(cwd, 'a.md'), text)
      await chmod(join(cwd, 'a.md'), 0o444)
      const server = await anki(cwd)
      const dry = sync(cwd, server, '--dry-run', '--json')
      expect(dry.code, dry.stderr).toBe(1)
      expect(dry.json?.diagnostics).toEqual([
        expect.objectContaining({ code: 'note-read-only', file: 'a.md' }),
      ])
      const run = sync(cwd, server)
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(/^a\.md:1:1 error note-read-only /m)
      expect(run.stderr).toContain('sync stopped: nothing in Anki was changed')
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toEqual([])
      expect(await readFile(join(cwd, 'a.md'), 'utf8')).toBe(text)
      // Writable again: it syncs.
      await chmod(join(cwd, 'a.md'), 0o644)
      const again = sync(cwd, server, '--json')
      expect(again.code, again.stderr).toBe(0)
      expect(again.json?.added).toHaveLength(2)
    })
  },
)
