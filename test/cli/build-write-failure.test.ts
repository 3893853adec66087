/**
 * A write of IDs that fails midway leaves the IDs before it written: the
 * build's `ids` and its report name exactly those, and no package is written.
 */
import { readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const note = (question: string) => `START\nBasic\n${question}\nBack: An answer\nEND\n`

describe('a write that fails midway', () => {
  // No check foresees this one: the temp file beside the note needs a name
  // longer than the file system allows (NAME_MAX, 255 bytes).
  const longName = `${'n'.repeat(240)}.md`

  it('lists in --json only the IDs written, and the report names each one', async () => {
    const cwd = await tempProject(
      { '.obsidian/': '', 'a.md': note('A?'), [longName]: note('Long?') },
      'decklab-midway-',
    )
    const built = runDecklab(['build', '--json'], { cwd })
    expect(built.code).toBe(1)
    const result = JSON.parse(built.stdout)
    expect(result.diagnostics).toMatchObject([{ file: longName, code: 'write-failed' }])
    expect(result.written).toBe(false)
    expect(result.ids).toEqual([{ file: 'a.md', line: 1, id: expect.any(Number) }])
    const id = result.ids[0].id
    expect(readFileSync(join(cwd, 'a.md'), 'utf8')).toContain(`<!--ID: ${id}-->`)
    expect(readFileSync(join(cwd, longName), 'utf8')).toBe(note('Long?'))

    await writeFile(join(cwd, 'b.md'), note('B?'))
    const again = runDecklab(['build'], { cwd })
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(
      /^wrote <!--ID: \d+--> to b\.md:1\nbuild failed: no package written; the IDs written stay in the notes$/m,
    )
  })
})
