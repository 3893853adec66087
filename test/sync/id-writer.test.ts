/**
 * Sync's ID writer links the quiz progress of each file's first IDs as soon
 * as that file is written, not after the whole batch: a sync killed between
 * two files keeps the links of the first (crash sweep 82: no later run links
 * an ID already in a note, so its cards became new at the next edit).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createIdWriter } from '../../src/commands/sync/write-ids.js'
import type { IdAssignment } from '../../src/ids/id-edits.js'
import { loadVault } from '../../src/notes/load-vault.js'
import { tempProject } from '../support/project.js'

const block = (front: string) => `START\nBasic\n${front}\nBack: A\nEND\n`

describe("sync's ID writer", () => {
  it('links each file as it is written: the second file is not yet written when the first is linked', async () => {
    const cwd = await tempProject({ '.obsidian/': '', 'a.md': block('A?'), 'b.md': block('B?') })
    const vault = await loadVault({ cwd, paths: [] })
    const assignments: IdAssignment[] = vault.notes.map((note, index) => ({
      note,
      id: 1_700_000_000_000 + index,
    }))
    const seen: Array<{ linked: string[]; bHasId: boolean }> = []
    const writer = createIdWriter(
      vault.files,
      false,
      () => {},
      (written) => {
        seen.push({
          linked: written.map((assignment) => assignment.note.source.file),
          bHasId: readFileSync(join(cwd, 'b.md'), 'utf8').includes('<!--ID:'),
        })
        return []
      },
    )
    const result = await writer.write(assignments)
    expect(result.written).toHaveLength(2)
    expect(seen).toEqual([
      { linked: ['a.md'], bHasId: false },
      { linked: ['b.md'], bHasId: true },
    ])
  })
})
