/**
 * A media link means whichever file it resolves to now (next to the note,
 * from the vault root, else the shortest path with that name in the
 * vault): a file added where the link would now find it is a change, and
 * the package is written again; a file that changes no link's meaning keeps
 * the package.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openApkg } from '../anki/read-apkg.js'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const red = new Uint8Array([137, 80, 78, 71, 1])
const blue = new Uint8Array([137, 80, 78, 71, 2])

const note = (embed: string) => `START\nBasic\nPicture ${embed}\nBack: b\nEND\n`

/** `build` with `args`, as JSON: whether it wrote the package or kept it. */
function build(cwd: string, ...args: string[]): { written: boolean; unchanged: boolean } {
  const run = runDecklab(['build', ...args, '--json'], { cwd })
  expect(run.code, run.stderr).toBe(0)
  return JSON.parse(run.stdout)
}

/** The bytes of the one media file in the package. */
async function packagedMedia(path: string): Promise<number[]> {
  const apkg = await openApkg(await readFile(path))
  expect(Object.keys(apkg.media)).toEqual(['0'])
  return [...(apkg.files['0'] ?? [])]
}

async function add(cwd: string, path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(join(cwd, path, '..'), { recursive: true })
  await writeFile(join(cwd, path), bytes)
}

describe('a media link that would now resolve to another file', () => {
  it('is a change: a shorter path with the bare name (the tester’s vault)', async () => {
    const cwd = await tempProject({
      '.obsidian/': '',
      'n.md': note('![](pic.png)'),
      'assets/old/pic.png': red,
    })
    const output = join(cwd, 'dist/Default.apkg')
    expect(build(cwd)).toMatchObject({ written: true })
    // That build made `dist/`, where a shorter match could be: its own doing, not a change.
    expect(build(cwd)).toMatchObject({ unchanged: true })
    expect(await packagedMedia(output)).toEqual([...red])
    await add(cwd, 'assets/pic.png', blue)
    expect(build(cwd)).toMatchObject({ written: true })
    expect(await packagedMedia(output)).toEqual([...blue])
    expect(build(cwd)).toMatchObject({ unchanged: true })
  })

  it('is not the build’s own `dist/`, unless a file put there could be the match', async () => {
    // Obsidian's usual `attachments/` is longer than `dist`: the second build wrote the
    // package again, for `dist/` made by the first counted as a new folder.
    const cwd = await tempProject({
      '.obsidian/': '',
      'a.md': note('![[pic.png]]'),
      'attachments/pic.png': red,
    })
    const output = join(cwd, 'dist/Default.apkg')
    expect(build(cwd)).toMatchObject({ written: true })
    expect(build(cwd)).toMatchObject({ unchanged: true })
    // Hidden folders, which the search never enters, change nothing either.
    await mkdir(join(cwd, '.trash'))
    expect(build(cwd)).toMatchObject({ unchanged: true })
    // `dist/` is searched like any folder: an image put there by hand is the shorter match.
    await add(cwd, 'dist/pic.png', blue)
    expect(build(cwd)).toMatchObject({ written: true })
    expect(await packagedMedia(output)).toEqual([...blue])
    expect(build(cwd)).toMatchObject({ unchanged: true })
    await rm(join(cwd, 'dist/pic.png'))
    expect(build(cwd)).toMatchObject({ written: true })
    expect(await packagedMedia(output)).toEqual([...red])
    // A new folder of the user's that could hold a shorter match still counts.
    await add(cwd, 'img/pic.png', blue)
    expect(build(cwd)).toMatchObject({ written: true })
    expect(await packagedMedia(output)).toEqual([...blue])
    expect(build(cwd)).toMatchObject({ unchanged: true })
  })

  it('is a change outside the notes built: the media folder of the vault above them', async () => {
    const cwd = await tempProject({
      '.obsidian/': '',
      'notes/n.md': note('![[pic.png]]'),
      'media/deep/pic.png': red,
    })
    const output = join(cwd, 'deck.apkg')
    expect(build(cwd, 'notes', '-o', 'deck.apkg')).toMatchObject({ written: true })
    expect(build(cwd, 'notes', '-o', 'deck.apkg')).toMatchObject({ unchanged: true })
    await add(cwd, 'media/pic.png', blue)
    expect(build(cwd, 'notes', '-o', 'deck.apkg')).toMatchObject({ written: true })
    expect(await packagedMedia(output)).toEqual([...blue])
  })

  it('is a change: a file next to the note, for a path the vault root resolved', async () => {
    const cwd = await tempProject({
      '.obsidian/': '',
      'notes/n.md': note('![](img/pic.png)'),
      'img/pic.png': red,
    })
    const output = join(cwd, 'deck.apkg')
    expect(build(cwd, 'notes', '-o', 'deck.apkg')).toMatchObject({ written: true })
    await add(cwd, 'notes/img/pic.png', blue)
    expect(build(cwd, 'notes', '-o', 'deck.apkg')).toMatchObject({ written: true })
    expect(await packagedMedia(output)).toEqual([...blue])
  })

  it('is a change: the exact name, deeper, over a match in another case', async () => {
    const cwd = await tempProject({
      '.obsidian/': '',
      'n.md': note('![[Pic.png]]'),
      'a/pic.png': red,
    })
    const output = join(cwd, 'dist/Default.apkg')
    expect(build(cwd)).toMatchObject({ written: true })
    await add(cwd, 'some/deeper/folder/Pic.png', blue)
    expect(build(cwd)).toMatchObject({ written: true })
    expect(await packagedMedia(output)).toEqual([...blue])
  })

  it('keeps the package when added files change no link: other names, longer paths, deeper folders', async () => {
    const cwd = await tempProject({
      '.obsidian/': '',
      'notes/n.md': note('![[pic.png]]'),
      'media/pic.png': red,
    })
    expect(build(cwd, 'notes', '-o', 'deck.apkg')).toMatchObject({ written: true })
    await add(cwd, 'media/other.png', blue)
    await add(cwd, 'media/deeper/pic.png', blue)
    await add(cwd, 'notes/pic.txt', blue)
    await mkdir(join(cwd, 'an-archive-folder'))
    expect(build(cwd, 'notes', '-o', 'deck.apkg')).toMatchObject({ unchanged: true })
    expect(await packagedMedia(join(cwd, 'deck.apkg'))).toEqual([...red])
  })
})

describe('a bare media name found by searching the vault', () => {
  it('is the exact name, however deep, before a shorter path with the name in another case', async () => {
    // The search listed `Pic.png` under `pic.png` too, so the shorter `Pic.png` won as "exact".
    const cwd = await tempProject({
      '.obsidian/': '',
      'n.md': note('![[pic.png]]'),
      'a/Pic.png': red,
      'some/deeper/pic.png': blue,
    })
    expect(build(cwd)).toMatchObject({ written: true })
    expect(await packagedMedia(join(cwd, 'dist/Default.apkg'))).toEqual([...blue])
  })

  it('is a name in another Unicode form (a vault copied from a Mac), until the exact one is added', async () => {
    // The Mac's file system took `café` in NFC and NFD for one name, so the link worked there.
    const cwd = await tempProject({
      '.obsidian/': '',
      'n.md': note('![[café.png]]'.normalize('NFC')),
      ['att/café.png'.normalize('NFD')]: red,
    })
    const output = join(cwd, 'dist/Default.apkg')
    expect(build(cwd)).toMatchObject({ written: true })
    expect(await packagedMedia(output)).toEqual([...red])
    expect(build(cwd)).toMatchObject({ unchanged: true })
    await add(cwd, 'some/deeper/café.png'.normalize('NFC'), blue)
    expect(build(cwd)).toMatchObject({ written: true })
    expect(await packagedMedia(output)).toEqual([...blue])
  })
})

describe('a media path in another case or Unicode form (Obsidian matches paths case-blind)', () => {
  it('is found, kept while nothing changes, and left for the exact path once added', async () => {
    const cwd = await tempProject({
      '.obsidian/': '',
      'notes/n.md': note('![[ATT/IM G.png]]'),
      'att/IM G.png': red,
    })
    const output = join(cwd, 'dist/Default.apkg')
    const first = runDecklab(['build', '--json'], { cwd })
    expect(first.code, first.stderr).toBe(0)
    expect(first.stderr).not.toContain('missing-media')
    expect(await packagedMedia(output)).toEqual([...red])
    // A note saved beside the folders searched changes no match.
    await writeFile(join(cwd, 'notes/other.md'), 'no cards\n')
    await writeFile(join(cwd, 'other.md'), 'no cards\n')
    expect(build(cwd)).toMatchObject({ unchanged: true })
    // Built again from nothing, at the same time: the same bytes.
    const fresh = async (): Promise<Buffer> => {
      await rm(join(cwd, 'dist'), { recursive: true })
      const run = runDecklab(['build'], { cwd, env: { SOURCE_DATE_EPOCH: '1700000000' } })
      expect(run.code, run.stderr).toBe(0)
      return readFile(output)
    }
    expect(await fresh()).toEqual(await fresh())
    await add(cwd, 'ATT/IM G.png', blue)
    expect(build(cwd)).toMatchObject({ written: true })
    expect(await packagedMedia(output)).toEqual([...blue])
  })

  it('is a change: a name in another case added beside the match, which comes first', async () => {
    // Of `img/pic.png` and `img/Pic.png`, neither exact, the first in code-unit order wins.
    const cwd = await tempProject({
      '.obsidian/': '',
      'n.md': note('![](Img/PIC.png)'),
      'img/pic.png': red,
    })
    const output = join(cwd, 'dist/Default.apkg')
    expect(build(cwd)).toMatchObject({ written: true })
    expect(await packagedMedia(output)).toEqual([...red])
    expect(build(cwd)).toMatchObject({ unchanged: true })
    await add(cwd, 'img/Pic.png', blue)
    expect(build(cwd)).toMatchObject({ written: true })
    expect(await packagedMedia(output)).toEqual([...blue])
    expect(build(cwd)).toMatchObject({ unchanged: true })
    // Renamed back out of the way: the first match again.
    await rename(join(cwd, 'img/Pic.png'), join(cwd, 'img/zz.png'))
    expect(build(cwd)).toMatchObject({ written: true })
    expect(await packagedMedia(output)).toEqual([...red])
  })

  it('is a folder renamed to another case: the link follows it', async () => {
    const cwd = await tempProject({
      '.obsidian/': '',
      'n.md': note('![[Attachments/Sub/pic.png]]'),
      'Attachments/Sub/pic.png': red,
    })
    const output = join(cwd, 'dist/Default.apkg')
    expect(build(cwd)).toMatchObject({ written: true })
    await rename(join(cwd, 'Attachments'), join(cwd, 'attachments'))
    await rename(join(cwd, 'attachments/Sub'), join(cwd, 'attachments/sub'))
    const run = runDecklab(['build', '--json'], { cwd })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).not.toContain('missing-media')
    expect(await packagedMedia(output)).toEqual([...red])
  })

  it('is a folder in another Unicode form (a vault copied from a Mac)', async () => {
    const cwd = await tempProject({
      '.obsidian/': '',
      'n.md': note('![[Fotos/Café/pic.png]]'.normalize('NFC')),
      ['fotos/Café/pic.png'.normalize('NFD')]: red,
    })
    const run = runDecklab(['build', '--json'], { cwd })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).not.toContain('missing-media')
    expect(await packagedMedia(join(cwd, 'dist/Default.apkg'))).toEqual([...red])
  })
})

describe('a media link starting with `/`', () => {
  it('is from the vault root, as Obsidian reads it, when the vault has that file', async () => {
    const cwd = await tempProject({
      '.obsidian/': '',
      'notes/n.md': note('![[/Attachments/pic one.png]] ![](/attachments/pic%20one.png)'),
      'Attachments/pic one.png': red,
    })
    const run = runDecklab(['build', '--json'], { cwd })
    expect(run.code, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout).diagnostics).toEqual([])
    expect(await packagedMedia(join(cwd, 'dist/Default.apkg'))).toEqual([...red])
  })

  it('is still refused as outside the vault when the vault has no such file', async () => {
    const cwd = await tempProject({
      '.obsidian/': '',
      'n.md': note('![[/Attachments/gone.png]]'),
    })
    const run = runDecklab(['check', '--json'], { cwd })
    expect(run.code).toBe(1)
    const { diagnostics } = JSON.parse(run.stdout) as {
      diagnostics: Array<{ code: string; hint: string }>
    }
    expect(diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['media-outside-vault'])
    expect(diagnostics[0]?.hint).toContain('read from the vault root too')
  })
})
