// After ID allocation every note carries its ID and the GUID derived from it,
// on the shipped course and on a fixture vault whose notes lack IDs.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { planIdWriteBack } from '../../src/ids/plan.js'
import { guidForNoteId } from '../../src/model/guid.js'
import { loadVault } from '../../src/notes/load-vault.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const fixtureVault = fileURLToPath(new URL('../preview/fixtures/vault', import.meta.url))
const now = new Date(1_700_000_000_000)

async function allocate(cwd: string, paths: string[]) {
  const vault = await loadVault({ cwd, paths })
  return { vault, plan: planIdWriteBack(vault.notes, vault.files, now) }
}

describe('identified notes', () => {
  it.each([
    ['the course', root, ['notes']],
    ['the fixture vault', fixtureVault, ['.']],
  ])('gives every note of %s a GUID, derived from its ID alone', async (_name, cwd, paths) => {
    expect(existsSync(cwd)).toBe(true)
    const { vault, plan } = await allocate(cwd, paths)
    expect(plan.notes.length).toBe(vault.notes.length)
    expect(plan.notes.length).toBeGreaterThan(0)
    for (const note of plan.notes) {
      expect(typeof note.id).toBe('number')
      expect(note.guid).toBe(guidForNoteId(note.id))
    }
    // Notes read with an ID already had their GUID; allocation keeps their order and IDs.
    expect(plan.notes.map((note) => note.source)).toEqual(vault.notes.map((note) => note.source))
    for (const [index, note] of vault.notes.entries()) {
      if (note.id !== null) expect(note.guid).toBe(plan.notes[index]?.guid)
      else expect(note.guid).toBeNull()
    }
  })

  it('allocates the fixture vault the IDs it lacks, one per note without one', async () => {
    const { vault, plan } = await allocate(fixtureVault, ['.'])
    const missing = vault.notes.filter((note) => note.id === null)
    expect(missing.length).toBeGreaterThan(0)
    expect(plan.added.map((note) => note.source)).toEqual(missing.map((note) => note.source))
    expect(new Set(plan.notes.map((note) => note.id)).size).toBe(plan.notes.length)
  })
})
