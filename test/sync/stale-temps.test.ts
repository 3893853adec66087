/** A sync clears the temp copies of notes a killed sync or build left, as build does (crash sweep 82). */
import { spawnSync } from 'node:child_process'
import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ankiUnavailable } from './anki-server.js'
import { anki, sync, workspace } from './sync-fixture.js'

describe.skipIf(ankiUnavailable !== undefined)(
  `decklab sync and temp files of a killed run${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it("removes a dead process's temp copy of a note, and nothing else; --dry-run removes none", async () => {
      const cwd = await workspace({ 'a.md': 'START\nBasic\nQ?\nBack: A\nEND\n' })
      const gone = spawnSync(process.execPath, ['-e', '']).pid
      const stale = `.a.md.${gone}-0badc0de.decklab-tmp`
      const live = `.a.md.${process.pid}-0badc0de.decklab-tmp`
      for (const name of [stale, live, 'keep.txt']) await writeFile(join(cwd, name), 'partial')
      const server = await anki(cwd)
      expect(sync(cwd, server, '--dry-run').code).toBe(0)
      expect(await readdir(cwd)).toContain(stale)
      const run = sync(cwd, server)
      expect(run.code, run.stderr).toBe(0)
      const left = await readdir(cwd)
      expect(left).not.toContain(stale)
      expect(left).toEqual(expect.arrayContaining([live, 'keep.txt', 'a.md']))
    })
  },
)
