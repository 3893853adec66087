/** Every note of the shipped course and of the note fixtures (`test/fixtures/notes`, `adversarial`). */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Note } from '../../src/model/note.js'
import { loadVault } from '../../src/notes/load-vault.js'
import { packageRoot } from '../../src/package-info.js'

export async function everyTestNote(): Promise<Note[]> {
  const notes = [...(await loadVault({ cwd: packageRoot(), paths: ['notes'] })).notes]
  for (const group of ['notes', 'adversarial']) {
    const root = join(packageRoot(), 'test', 'fixtures', group)
    for (const fixture of readdirSync(root, { withFileTypes: true })) {
      if (!fixture.isDirectory()) continue
      notes.push(...(await loadVault({ cwd: root, paths: [fixture.name] })).notes)
    }
  }
  return notes
}
