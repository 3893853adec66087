/**
 * Packages built beside each other (the full deck and a partial build) share
 * Anki: a note imported from one may be newer there than the other's record
 * says. A change tried in a partial build and then undone must still reach
 * Anki from the full package. Against Anki's own importer.
 */
import { spawnSync } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runAnkiPython } from '../support/anki-python.js'
import { runDecklab } from '../support/decklab.js'
import { ankiUnavailable } from '../sync/anki-server.js'
import { workspace } from '../sync/sync-fixture.js'

const importScript = fileURLToPath(
  new URL('../../../shared/tools/anki/anki-import.py', import.meta.url),
)

describe.skipIf(ankiUnavailable !== undefined)(
  `packages built beside each other${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it('an edit tried in a partial build and undone reaches Anki from the full package', async () => {
      const note = (back: string) => `TARGET DECK: P\n\nSTART\nBasic\nQ-a\nBack: ${back}\nEND\n`
      const cwd = await workspace({
        '.obsidian/app.json': '{}',
        'a.md': note('v1'),
        'b.md': 'TARGET DECK: P\n\nSTART\nBasic\nQ-b\nBack: b1\nEND\n',
      })
      const collection = join(cwd, 'collection.anki2')
      const importPackage = (name: string) =>
        JSON.parse(runAnkiPython([importScript, collection, join(cwd, 'dist', name)]).stdout) as {
          imports: Array<Record<string, number>>
        }
      const backs = () =>
        spawnSync(
          '/usr/bin/python3',
          [
            '-c',
            'import sqlite3,sys; print(sorted(f for (f,) in sqlite3.connect(sys.argv[1]).execute("select flds from notes")))',
            collection,
          ],
          { encoding: 'utf8' },
        ).stdout.trim()
      expect(runDecklab(['build'], { cwd }).code).toBe(0)
      expect(importPackage('P.apkg').imports.at(-1)).toEqual({ Added: 2 })
      // Anki updates a note only when the package's mod is newer, in whole seconds.
      await sleep(1_100)
      const text = await readFile(join(cwd, 'a.md'), 'utf8')
      await writeFile(join(cwd, 'a.md'), text.replace('v1', 'v2'))
      expect(runDecklab(['build', 'a.md'], { cwd }).code).toBe(0)
      expect(importPackage('P.partial.apkg').imports.at(-1)).toEqual({ Updated: 1 })
      await sleep(1_100)
      await writeFile(join(cwd, 'a.md'), text)
      const undone = runDecklab(['build'], { cwd })
      expect(undone.code).toBe(0)
      expect(undone.stderr).toContain('wrote dist/P.apkg')
      expect(importPackage('P.apkg').imports.at(-1)).toEqual({ Updated: 1, Identical: 1 })
      expect(backs()).toContain('Q-a\\x1fv1\\x1f')
      // Past it now: the next build keeps the package.
      expect(runDecklab(['build'], { cwd }).stderr).toContain('unchanged dist/P.apkg')
    }, 60_000)
  },
)
