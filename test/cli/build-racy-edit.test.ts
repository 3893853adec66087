/**
 * An edit the note files' metadata cannot show: on a file system with
 * coarse times (a second on ext4 with 128-byte inodes, ext3, HFS+; two on
 * FAT), a same-size edit made in the same tick as the build that read the
 * file keeps its size, mtime and ctime. The edit here is simulated
 * deterministically: the quick index gets the edited file's stamp, as a
 * coarse file system would have given it.
 */
import { statSync, utimesSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openApkg } from '../anki/read-apkg.js'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const note = (answer: string) =>
  `---\ndeck: Sockets\n---\nSTART\nBasic\nWhat does listen take?\nBack: ${answer}\n<!--ID: 1700000000001-->\nEND\n`

const stamp = (path: string) => {
  const stats = statSync(path)
  return `${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`
}

describe('build after an edit within the file system time granularity', () => {
  it('does not keep the package of the old text when the edit kept the stamp', async () => {
    const cwd = await tempProject({ 'notes/a.md': note('a backlog') }, 'decklab-racy-')
    const file = join(cwd, 'notes/a.md')
    // Whole-second times, as such a file system keeps them.
    const second = Math.floor(Date.now() / 1000)
    utimesSync(file, second, second)
    expect(runDecklab(['build'], { cwd }).code).toBe(0)
    const before = stamp(file)
    // Same size, right after the build read it.
    await writeFile(file, note('a socketfd'))
    utimesSync(file, second, second)
    const index = join(cwd, 'dist/.decklab-build/index.json')
    const recorded = await readFile(index, 'utf8')
    expect(recorded).toContain(before)
    await writeFile(index, recorded.replaceAll(before, stamp(file)))

    const result = runDecklab(['build', '--json'], { cwd })
    expect(result.code).toBe(0)
    const apkg = await openApkg(await readFile(join(cwd, 'dist/Sockets.apkg')))
    expect(apkg.notes.map((row) => String(row.flds).split('\u001f')[1])).toEqual(['a socketfd'])
    expect(JSON.parse(result.stdout)).toMatchObject({ written: true })
  })
})
