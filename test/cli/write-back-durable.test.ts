/**
 * The ID write-back is durable: each note's new file is fsync'd before it is
 * renamed over the note, and the note's folder is fsync'd after the rename
 * (so the rename survives a crash), before the next note is written. A module preloaded into decklab logs
 * renames and fsyncs (`test/support/durability-log.mjs`).
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, realpathSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decklabBin } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const preload = new URL('../support/durability-log.mjs', import.meta.url).href
const note = (question: string) => `START\nBasic\n${question}\nBack: An answer\nEND\n`

describe.skipIf(process.platform !== 'linux')('ID write-back durability', () => {
  it('fsyncs each new file before its rename and its folder after', async () => {
    const files: Record<string, string> = { 'v/.obsidian/': '' }
    for (const folder of ['alpha', 'beta', 'gamma']) {
      for (let index = 0; index < 6; index += 1)
        files[`v/${folder}/n${index}.md`] = note(`${folder} ${index}?`)
    }
    const dir = realpathSync(await tempProject(files, 'decklab-durable-'))
    const log = join(dir, 'durability.log')
    const result = spawnSync(process.execPath, [decklabBin, 'build', '-o', '../out.apkg'], {
      cwd: join(dir, 'v'),
      encoding: 'utf8',
      env: {
        ...process.env,
        NO_COLOR: '1',
        NODE_OPTIONS: `--import=${preload}`,
        DURABILITY_LOG: log,
        // The package is outside the vault: its record goes to this state directory, not the home folder's.
        DECKLAB_STATE_DIR: join(dir, 'state'),
      },
      timeout: 60_000,
    })
    expect(result.stderr).toContain('wrote 18 new IDs into 18 files')
    expect(result.status).toBe(0)
    const events = readFileSync(log, 'utf8').trim().split('\n')
    const notes = events.flatMap((line, at) => {
      const [verb, from, to] = line.split(' ')
      return verb === 'rename' && to?.endsWith('.md') ? [{ from: from as string, to, at }] : []
    })
    expect(notes).toHaveLength(18)
    notes.forEach(({ from, to, at }, index) => {
      // The new file is fsync'd before it replaces the note, and the folder before the next
      // note is written: quiz progress is linked to a note's IDs once its file holds them
      // durably, so a build killed between two files has linked the first.
      expect(events.slice(0, at)).toContain(`fsync ${from}`)
      expect(events.slice(at + 1, notes[index + 1]?.at)).toContain(`fsync ${dirname(to)}`)
    })
  })
})
