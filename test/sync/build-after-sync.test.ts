/**
 * `build` in a vault that `decklab sync` keeps in step with an Anki: the
 * notes sync added have the GUIDs Anki gave them, so importing the package
 * there adds a second copy of each (Anki's own importer shows it). The
 * README says not to mix the two; build, `--dry-run` and check say so.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { importAndFind } from '../anki/real-anki.js'
import { runDecklab } from '../support/decklab.js'
import { ankiUnavailable } from './anki-server.js'
import { anki, sync, workspace } from './sync-fixture.js'

const note = (front: string) => `START\nBasic\n${front}\nBack: A\nEND\n`

describe.skipIf(ankiUnavailable !== undefined)(
  `decklab build after decklab sync${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it('warns sync-synced-notes, naming the Anki: importing the package there duplicates the notes', async () => {
      const cwd = await workspace({
        '.obsidian/app.json': '{}',
        'a.md': `---\ndeck: D\n---\n${note('Q1')}\n${note('Q2')}`,
        'b.md': note('Q3'),
      })
      const server = await anki(cwd)
      const synced = sync(cwd, server, '--json')
      expect(synced.code, synced.stderr).toBe(0)
      expect(synced.json?.added).toHaveLength(3)
      const env = { DECKLAB_STATE_DIR: join(cwd, 'state') }

      // At the first note sync added (after the front matter), not at the file's first line.
      const warning = {
        file: 'a.md',
        line: 4,
        column: 1,
        severity: 'warning',
        code: 'sync-synced-notes',
        message: expect.stringContaining(`the Anki at ${server.url}/ (3 notes of the files read)`),
      }
      const check = runDecklab(['check', '--json'], { cwd, env })
      const dry = runDecklab(['build', '--dry-run', '--json'], { cwd, env })
      for (const run of [check, dry]) {
        expect(run.code, run.stderr).toBe(0)
        expect(JSON.parse(run.stdout).diagnostics).toEqual([expect.objectContaining(warning)])
      }
      // A build of one file counts that file's notes.
      const one = runDecklab(['build', 'b.md', '--dry-run', '--json'], { cwd, env })
      expect(JSON.parse(one.stdout).diagnostics).toEqual([
        expect.objectContaining({ file: 'b.md', message: expect.stringContaining('(1 note of') }),
      ])
      // Another state directory (another machine) has no record: nothing to say.
      const elsewhere = runDecklab(['build', '--dry-run', '--json'], {
        cwd,
        env: { DECKLAB_STATE_DIR: join(cwd, 'other-state') },
      })
      expect(JSON.parse(elsewhere.stdout).diagnostics).toEqual([])

      const build = runDecklab(['build', '-o', 'out.apkg'], { cwd, env })
      expect(build.code, build.stderr).toBe(0)
      expect(build.stderr).toContain('warning sync-synced-notes')
      // What the warning is about, with Anki's own importer.
      await server.stop()
      const found = importAndFind(join(cwd, 'collection.anki2'), join(cwd, 'out.apkg'), ['Q1'])
      expect(found.Q1).toHaveLength(2)
    })
  },
)
