/**
 * Media is named by its bytes: the same bytes give the same name (and the
 * same package, byte for byte), changed bytes a new name, which the rebuild
 * writes into the notes that show the file, Markdown unchanged.
 */
import { createHash } from 'node:crypto'
import { readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openApkg } from '../anki/read-apkg.js'
import { validateApkg, validatorUnavailable } from '../anki/validator.js'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const png = (colour: number) => new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, colour])

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex')

/** `build` as JSON. */
function build(cwd: string): { written: boolean; unchanged: boolean } {
  const run = runDecklab(['build', '--json'], { cwd })
  expect(run.code, run.stderr).toBe(0)
  return JSON.parse(run.stdout)
}

/** Each note's first field and mod, and the package's media by name. */
async function packaged(cwd: string) {
  const apkg = await openApkg(await readFile(join(cwd, 'dist', 'D.apkg')))
  const media = Object.fromEntries(
    Object.entries(apkg.media).map(([member, name]) => [name, sha256(apkg.files[member]!)]),
  )
  const notes = apkg.notes.map((note) => ({ flds: String(note.flds), mod: Number(note.mod) }))
  return { media, notes }
}

const files = () => ({
  '.obsidian/app.json': '{}',
  'a.md': 'TARGET DECK: D\n\nSTART\nBasic\nWhat is drawn?\nBack: ![[d.png]]\nEND\n',
  'b.md': 'TARGET DECK: D\n\nSTART\nBasic\nNo picture\nBack: none\nEND\n',
  'd.png': png(1),
})

describe('media names from the bytes', () => {
  it('gives the same bytes the same name, and byte-identical packages', async () => {
    const cwd = await tempProject(files(), 'decklab-media-names-')
    expect(build(cwd).written).toBe(true)
    const output = join(cwd, 'dist', 'D.apkg')
    const first = await readFile(output)
    const { media } = await packaged(cwd)
    const name = `d-${sha256(png(1)).slice(0, 16)}.png`
    expect(media).toEqual({ [name]: sha256(png(1)) })
    // The same bytes elsewhere (another vault, another folder) get the same name.
    const other = await tempProject(
      { ...files(), 'img/d.png': png(1), 'd.png': new Uint8Array() },
      'decklab-media-names-',
    )
    await writeFile(
      join(other, 'a.md'),
      'TARGET DECK: D\n\nSTART\nBasic\nWhat is drawn?\nBack: ![[img/d.png]]\nEND\n',
    )
    expect(build(other).written).toBe(true)
    expect((await packaged(other)).media).toEqual(media)
    // Written again from the record, and again after the picture was only touched: same bytes.
    await rm(output)
    expect(build(cwd).written).toBe(true)
    expect(sha256(await readFile(output))).toBe(sha256(first))
    await utimes(join(cwd, 'd.png'), new Date(), new Date(Date.now() + 5_000))
    expect(build(cwd)).toMatchObject({ written: true })
    expect(sha256(await readFile(output))).toBe(sha256(first))
    expect(build(cwd)).toMatchObject({ written: false, unchanged: true })
  })

  it('renames a changed picture in the note that shows it, Markdown unchanged', async () => {
    const cwd = await tempProject(files(), 'decklab-media-names-')
    build(cwd)
    const before = await packaged(cwd)
    const [oldName] = Object.keys(before.media)
    await writeFile(join(cwd, 'd.png'), png(2))
    expect(build(cwd).written).toBe(true)
    const after = await packaged(cwd)
    const newName = `d-${sha256(png(2)).slice(0, 16)}.png`
    expect(newName).not.toBe(oldName)
    expect(after.media).toEqual({ [newName]: sha256(png(2)) })
    const picture = (notes: typeof after.notes) =>
      notes.find((note) => note.flds.startsWith('What is drawn?'))!
    const plain = (notes: typeof after.notes) =>
      notes.find((note) => note.flds.startsWith('No picture'))!
    expect(picture(before.notes).flds).toContain(`<img src="${oldName}">`)
    expect(picture(after.notes).flds).toContain(`<img src="${newName}">`)
    // The note with the picture is newer for Anki; the other keeps its mod.
    expect(picture(after.notes).mod).toBeGreaterThan(picture(before.notes).mod)
    expect(plain(after.notes).mod).toBe(plain(before.notes).mod)
    // Nothing changed since: kept, by metadata.
    expect(build(cwd)).toMatchObject({ written: false, unchanged: true })
  })

  it.skipIf(validatorUnavailable() !== undefined)(
    'passes the strict validator with media',
    async () => {
      const cwd = await tempProject(files(), 'decklab-media-names-')
      build(cwd)
      const result = validateApkg(join(cwd, 'dist', 'D.apkg'))
      expect(result.code, result.output).toBe(0)
    },
  )
})

describe('media names that differ only in case', () => {
  // On a case-blind file system (exFAT on a USB stick) one file linked as `![[PIC.png]]` and
  // `![](sub/Pic.png)` is found under both spellings and got two names; preview's copy of the
  // second was refused there as "a regular file `decklab preview` did not write" (exit 2).
  // Two files of the same bytes in two folders give the same two spellings on any file system.
  it('are one file, in the package and in the preview, under the first spelling', async () => {
    const cwd = await tempProject(
      {
        '.obsidian/app.json': '{}',
        'a.md': 'TARGET DECK: D\n\nSTART\nBasic\nOne\nBack: ![[one/Pic.png]]\nEND\n',
        'b.md': 'TARGET DECK: D\n\nSTART\nBasic\nTwo\nBack: ![[two/pic.png]]\nEND\n',
        'one/Pic.png': png(3),
        'two/pic.png': png(3),
      },
      'decklab-media-case-',
    )
    build(cwd)
    const name = `Pic-${sha256(png(3)).slice(0, 16)}.png`
    const { media, notes } = await packaged(cwd)
    expect(media).toEqual({ [name]: sha256(png(3)) })
    expect(notes.map((note) => note.flds)).toEqual([
      `One\u001f<img src="${name}">\u001f`,
      `Two\u001f<img src="${name}">\u001f`,
    ])
    const preview = runDecklab(['preview'], { cwd })
    expect(preview.code, preview.stderr).toBe(0)
    const copied = await readdir(join(cwd, 'dist', 'preview'))
    expect(copied.filter((file) => file.endsWith('.png'))).toEqual([name])
  })
})
