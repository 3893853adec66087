/**
 * Inputs that once ended in exit 70 ("This is a bug") get their own
 * diagnostics instead, and exit 70 is documented as a bug only.
 */
import { existsSync } from 'node:fs'
import { readdir, readFile, truncate } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openApkg } from '../anki/read-apkg.js'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const project = (files: Record<string, string>) => tempProject(files, 'decklab-internal-')

const pictureNote = (question: string, image: string) =>
  `START\nBasic\n${question} ![[${image}]]\nBack: An answer\nEND\n`

describe('media that used to crash', () => {
  it('`build a b` with an img.png in both folders (two vault roots): each note shows its own', async () => {
    const root = await project({
      'a/n.md': pictureNote('A', 'img.png'),
      'a/img.png': 'first picture',
      'b/n.md': pictureNote('B', 'img.png'),
      'b/img.png': 'second picture',
      'work/.keep': '',
    })
    // Folders outside the working directory are each their own vault root: the pictures have
    // the same path in their vaults (once a media-name-clash), and are named by their bytes.
    const cwd = join(root, 'work')
    const build = runDecklab(['build', '../a', '../b', '-o', 'out.apkg'], { cwd })
    expect(build.stderr).not.toContain('internal error')
    expect(build.code, build.stderr).toBe(0)
    const apkg = await openApkg(await readFile(join(cwd, 'out.apkg')))
    const files = Object.fromEntries(
      Object.entries(apkg.media).map(([member, name]) => [
        name,
        new TextDecoder().decode(apkg.files[member]),
      ]),
    )
    const shown = apkg.notes.map((note) => {
      const name = /<img src="([^"]+)"/.exec(String(note.flds))?.[1] as string
      expect(name).toMatch(/^img-[0-9a-f]{16}\.png$/)
      return files[name]
    })
    expect(shown.sort()).toEqual(['first picture', 'second picture'])
    const preview = runDecklab(['preview', '../a', '../b', '-o', 'site'], { cwd })
    expect(preview.code, preview.stderr).toBe(0)
    expect(
      (await readdir(join(cwd, 'site'))).filter((name) => name.endsWith('.png')).sort(),
    ).toEqual(Object.keys(files).sort())
  })

  it('a 3 GB sparse media file is refused by its size, never read or copied', async () => {
    const cwd = await project({
      'notes/n.md': `${pictureNote('Big', 'big.png').replace('END', '<!--ID: 1700000000123-->\nEND')}`,
      'notes/big.png': '',
    })
    await truncate(join(cwd, 'notes/big.png'), 3 * 1024 ** 3)
    const preview = runDecklab(['preview', '-o', 'site'], { cwd })
    expect(preview.code).toBe(1)
    expect(preview.stderr).toMatch(
      /^notes\/n\.md:1:1 error media-too-large Unexpected media `notes\/big\.png` of 3072 MiB, expected at most 100 MiB/m,
    )
    expect((await readdir(join(cwd, 'site'))).filter((name) => name.endsWith('.png'))).toEqual([])
    const build = runDecklab(['build', '-o', 'out.apkg'], { cwd })
    expect(build.code).toBe(1)
    expect(build.stderr).toContain('error media-too-large')
    expect(existsSync(join(cwd, 'out.apkg'))).toBe(false)
  })
})

describe('exit 70', () => {
  it('is documented as a bug only', () => {
    const help = runDecklab(['--help'])
    expect(help.stdout).toContain('70 only for a bug in decklab')
  })
})
