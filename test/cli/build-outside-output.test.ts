/**
 * A package built outside the vault and the folder decklab runs in (`-o
 * /tmp/x.apkg`, a shared folder) leaves nothing there but itself: its build
 * record is kept in the state directory, one folder per output folder, and
 * still serves the unchanged rebuild and the notes removed since.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const block = (front: string) => `START\nBasic\n${front}\nBack: answer\nEND\n`

describe('decklab build -o outside the vault', () => {
  it('keeps the record in the state directory, and rebuilds from it', async () => {
    const root = await tempProject({
      'vault/.obsidian/app.json': '{}',
      'vault/a.md': block('Kept'),
      'vault/b.md': block('Removed later'),
      'out/.keep': '',
      'other/.keep': '',
    })
    const cwd = join(root, 'vault')
    const env = { DECKLAB_STATE_DIR: join(root, 'state') }
    const build = (output: string) => {
      const run = runDecklab(['build', '-o', output, '--json'], { cwd, env })
      expect(run.code, run.stderr).toBe(0)
      return JSON.parse(run.stdout) as {
        written: boolean
        unchanged: boolean
        removed?: { ids: number[] }
      }
    }
    const x = join(root, 'out', 'x.apkg')
    const y = join(root, 'other', 'x.apkg')
    expect(build(x)).toMatchObject({ written: true })
    expect((await readdir(join(root, 'out'))).sort()).toEqual(['.keep', 'x.apkg'])
    expect((await readdir(cwd)).sort()).toEqual(['.obsidian', 'a.md', 'b.md'])
    expect(build(x)).toMatchObject({ written: false, unchanged: true })

    // A package of the same name in another folder has a record of its own.
    expect(build(y)).toMatchObject({ written: true })
    expect((await readdir(join(root, 'other'))).sort()).toEqual(['.keep', 'x.apkg'])
    expect(build(x)).toMatchObject({ unchanged: true })
    expect(build(y)).toMatchObject({ unchanged: true })

    // The record names the note removed since the last build of that package.
    const removedId = Number(
      /<!--ID: (\d+)-->/.exec(await readFile(join(cwd, 'b.md'), 'utf8'))?.[1],
    )
    await writeFile(join(cwd, 'b.md'), '')
    expect(build(x)).toMatchObject({ written: true, removed: { ids: [removedId] } })
    expect(build(x)).toMatchObject({ unchanged: true })
    expect((await readdir(join(root, 'out'))).sort()).toEqual(['.keep', 'x.apkg'])
    expect(await readdir(join(root, 'state', 'builds'))).toHaveLength(2)
  })

  it('removes the record of a folder gone (a temp folder a script removed), and no other', async () => {
    const root = await tempProject({
      'vault/.obsidian/app.json': '{}',
      'vault/a.md': block('Kept'),
      'tmp1/.keep': '',
      'tmp2/.keep': '',
      'kept/.keep': '',
    })
    const cwd = join(root, 'vault')
    const env = { DECKLAB_STATE_DIR: join(root, 'state') }
    const builds = join(root, 'state', 'builds')
    const build = (folder: string) => {
      const run = runDecklab(['build', '-o', join(root, folder, 'x.apkg'), '--json'], { cwd, env })
      expect(run.code, run.stderr).toBe(0)
    }
    const recordOf = async (folder: string) => {
      for (const name of await readdir(builds)) {
        const named = await readFile(join(builds, name, 'folder.txt'), 'utf8').catch(() => '')
        if (named.trim() === join(root, folder)) return name
      }
      return undefined
    }
    build('kept')
    build('tmp1')
    const tmp1 = await recordOf('tmp1')
    expect(tmp1).toBeDefined()
    // A record that names no folder (written by hand, or by another version) is not decklab's to judge.
    await mkdir(join(builds, 'unnamed-0123456789abcdef'))
    await rm(join(root, 'tmp1'), { recursive: true })
    build('tmp2')
    expect((await readdir(builds)).sort()).toEqual(
      [await recordOf('kept'), await recordOf('tmp2'), 'unnamed-0123456789abcdef'].sort(),
    )
    expect(await recordOf('tmp1')).toBeUndefined()
    // The folder still there keeps its record: its next build finds nothing changed.
    const again = runDecklab(['build', '-o', join(root, 'kept', 'x.apkg'), '--json'], { cwd, env })
    expect(JSON.parse(again.stdout)).toMatchObject({ unchanged: true })
  })

  it('takes over the record an older decklab kept beside the package', async () => {
    const root = await tempProject({
      'vault/.obsidian/app.json': '{}',
      'vault/a.md': block('Kept'),
      'vault/b.md': block('Removed later'),
      'out/.keep': '',
    })
    const cwd = join(root, 'vault')
    const env = { DECKLAB_STATE_DIR: join(root, 'state') }
    const output = join(root, 'out', 'x.apkg')
    const build = () => {
      const run = runDecklab(['build', '-o', output, '--json'], { cwd, env })
      expect(run.code, run.stderr).toBe(0)
      return JSON.parse(run.stdout) as { written: boolean; removed?: { ids: number[] } }
    }
    build()
    // Where a decklab before kept it: beside the package, and nothing in the state directory.
    const [records] = await readdir(join(root, 'state', 'builds'))
    await mkdir(join(root, 'out', '.decklab-build'))
    await rename(
      join(root, 'state', 'builds', records as string, 'x.apkg.json'),
      join(root, 'out', '.decklab-build', 'x.apkg.json'),
    )
    await rm(join(root, 'state'), { recursive: true })
    const removedId = Number(
      /<!--ID: (\d+)-->/.exec(await readFile(join(cwd, 'b.md'), 'utf8'))?.[1],
    )
    await writeFile(join(cwd, 'b.md'), '')
    expect(build()).toMatchObject({ written: true, removed: { ids: [removedId] } })
    expect(await readdir(join(root, 'state', 'builds', records as string))).toContain('x.apkg.json')
  })

  it('keeps the record beside the package when the state directory cannot be made', async () => {
    const root = await tempProject({
      'vault/.obsidian/app.json': '{}',
      'vault/a.md': block('Q'),
      'out/.keep': '',
      'a-file': '',
    })
    const cwd = join(root, 'vault')
    const env = { DECKLAB_STATE_DIR: join(root, 'a-file', 'state') }
    const output = join(root, 'out', 'x.apkg')
    const build = () => runDecklab(['build', '-o', output, '--json'], { cwd, env })
    const first = build()
    expect(first.code, first.stderr).toBe(0)
    expect((await readdir(join(root, 'out'))).sort()).toEqual(['.decklab-build', '.keep', 'x.apkg'])
    expect(JSON.parse(build().stdout)).toMatchObject({ unchanged: true })
  })

  // A file where the state folder's `builds/` goes failed the record's write after the
  // package was written: an internal error (exit 70), ENOTDIR.
  it('keeps the record beside the package when a file stands where builds/ goes, and keeps that file', async () => {
    const root = await tempProject({
      'vault/.obsidian/app.json': '{}',
      'vault/a.md': block('Q'),
      'out/.keep': '',
      'state/builds': 'precious\n',
    })
    const cwd = join(root, 'vault')
    const env = { DECKLAB_STATE_DIR: join(root, 'state') }
    const output = join(root, 'out', 'x.apkg')
    const build = () => runDecklab(['build', '-o', output, '--json'], { cwd, env })
    const first = build()
    expect(first.code, first.stderr).toBe(0)
    expect(JSON.parse(first.stdout)).toMatchObject({ written: true })
    expect((await readdir(join(root, 'out'))).sort()).toEqual(['.decklab-build', '.keep', 'x.apkg'])
    expect(JSON.parse(build().stdout)).toMatchObject({ unchanged: true })
    expect(await readFile(join(root, 'state', 'builds'), 'utf8')).toBe('precious\n')
  })

  it('keeps the record beside a package built inside the vault, as before', async () => {
    const root = await tempProject({
      'vault/.obsidian/app.json': '{}',
      'vault/a.md': block('Q'),
    })
    const cwd = join(root, 'vault')
    const env = { DECKLAB_STATE_DIR: join(root, 'state') }
    expect(runDecklab(['build', '-o', 'decks/x.apkg'], { cwd, env }).code).toBe(0)
    expect((await readdir(join(cwd, 'decks'))).sort()).toEqual(['.decklab-build', 'x.apkg'])
    expect(await readdir(join(cwd, 'decks', '.decklab-build'))).toContain('x.apkg.json')
  })
})
