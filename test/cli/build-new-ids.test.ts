/**
 * New note IDs come from the files' modification time, so a dry run shows
 * the IDs a build writes. Two vaults whose files were given one time by a
 * tool (unpacked from one archive, `cp -p`, `touch -d`) must still get IDs
 * of their own: the GUID comes from the ID, and Anki's importer takes a
 * note of the same GUID for the same note (helper report: both vaults got
 * `<!--ID: 1793527200000-->`, and the second course's note was skipped).
 */
import { utimes } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const time = new Date('2026-11-01T10:00:00Z')
const note = (front: string) => `START\nBasic\n${front}\nBack: A\nEND\n`

/** A vault of one file, `a.md`, holding `text`, last modified at `time`. */
async function vault(text: string): Promise<string> {
  const cwd = await tempProject({ 'a.md': text })
  await utimes(join(cwd, 'a.md'), time, time)
  return cwd
}

function newIds(cwd: string, ...args: string[]): number[] {
  const run = runDecklab(['build', ...args, '--json'], { cwd })
  expect(run.code, run.stderr).toBe(0)
  return JSON.parse(run.stdout).ids.map((write: { id: number }) => write.id)
}

describe('new note IDs', () => {
  it('differ between two vaults whose files have one modification time, and stay near it', async () => {
    const one = await vault(`${note('Q1')}\n${note('Q2')}`)
    const other = await vault(`${note('Another course')}\n${note('Q2')}`)
    const ids = [...newIds(one, '--dry-run'), ...newIds(other, '--dry-run')]
    expect(new Set(ids).size).toBe(4)
    for (const id of ids) {
      expect(id).toBeLessThanOrEqual(time.getTime() + 1)
      expect(id).toBeGreaterThan(time.getTime() - 2 ** 18)
    }
  })

  it('are the same for the same files, so the dry run shows what the build writes', async () => {
    const text = `${note('Q1')}\n${note('Q2')}`
    const one = await vault(text)
    const copy = await vault(text)
    const dry = newIds(one, '--dry-run')
    expect(newIds(copy, '--dry-run')).toEqual(dry)
    expect(newIds(one)).toEqual(dry)
  })
})
