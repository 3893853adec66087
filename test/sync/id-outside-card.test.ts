/**
 * A synced note no longer read as a card (its block indented or broken) but
 * whose ID is still written in a file the sync read is not deleted from
 * Anki: a warning names where the ID is. Against the real AnkiConnect.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ankiUnavailable } from './anki-server.js'
import { anki, ids, sync, workspace } from './sync-fixture.js'

const note = (front: string, back: string) => `START\nBasic\n${front}\nBack: ${back}\nEND\n`

describe.skipIf(ankiUnavailable !== undefined)(
  `decklab sync and an ID outside any card${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it('keeps the note of an indented block whose ID is still in the file, with a warning at it', async () => {
      const cwd = await workspace({ 'notes/a.md': `${note('Q1', '1')}\n${note('Q2', '2')}` })
      const server = await anki(cwd)
      expect(sync(cwd, server).code).toBe(0)
      const path = join(cwd, 'notes/a.md')
      const [, second] = ids(await readFile(path, 'utf8')) as [number, number]
      // Indent the second block but its END: it is no longer read as a card.
      const lines = (await readFile(path, 'utf8')).split('\n')
      const indented = lines.map((line, index) => (index >= 6 && index <= 11 ? `  ${line}` : line))
      await writeFile(path, indented.join('\n'))
      expect(indented[11]).toBe(`  <!--ID: ${second}-->`)

      const dry = sync(cwd, server, '--dry-run')
      expect(dry.stderr).not.toContain('delete  note')
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.deleted).toEqual([])
      expect(run.json?.diagnostics).toContainEqual(
        expect.objectContaining({
          code: 'id-not-in-card',
          file: 'notes/a.md',
          line: 12,
          severity: 'warning',
        }),
      )
      // With --json the warning is on stderr too, as build, check and preview print theirs.
      expect(run.stderr).toMatch(/^notes\/a\.md:12:\d+ warning id-not-in-card /m)
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toContain(second)
      // Its ID line taken out: now it is removed, and deleted.
      await writeFile(path, indented.filter((line) => !line.includes(`ID: ${second}`)).join('\n'))
      const gone = sync(cwd, server, '--json')
      expect(gone.json?.deleted).toEqual([
        { id: second, reason: 'removed', file: expect.any(String) },
      ])
    })
  },
)
