/**
 * Inputs that once ended in exit 70 ("This is a bug") get their own
 * diagnostics instead, and exit 70 is documented as a bug only.
 */
import { existsSync } from 'node:fs'
import { readdir, truncate } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const project = (files: Record<string, string>) => tempProject(files, 'decklab-internal-')

const pictureNote = (question: string, image: string) =>
  `START\nBasic\n${question} ![[${image}]]\nBack: An answer\nEND\n`

describe('media that used to crash', () => {
  it('`build a b` with an img.png in both folders (two vault roots): a media-name-clash error', async () => {
    const root = await project({
      'a/n.md': pictureNote('A', 'img.png'),
      'a/img.png': 'first picture',
      'b/n.md': pictureNote('B', 'img.png'),
      'b/img.png': 'second picture',
      'work/.keep': '',
    })
    // Folders outside the working directory are each their own vault root, so both
    // pictures get the same media name.
    const cwd = join(root, 'work')
    for (const command of ['build', 'preview']) {
      const args = command === 'build' ? ['-o', 'out.apkg'] : ['-o', 'site']
      const result = runDecklab([command, '../a', '../b', ...args], { cwd })
      expect(result.stderr).not.toContain('internal error')
      expect(result.code).toBe(1)
      expect(result.stderr).toMatch(
        /^\.\.\/b\/n\.md:1:1 error media-name-clash Unexpected second media file named `img-[0-9a-f]+\.png` \(`[^`]*b\/img\.png`\), expected one file per name: `[^`]*a\/img\.png`/m,
      )
    }
    expect(existsSync(join(cwd, 'out.apkg'))).toBe(false)
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
