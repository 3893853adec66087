import { mkdirSync, readdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { type HeldFolder, holdFolder, holdSubfolder } from '../../src/fs/held-folder.js'

let base: string | undefined
const held: HeldFolder[] = []
afterEach(async () => {
  for (const folder of held.splice(0)) folder.close()
  if (base) await rm(base, { recursive: true, force: true })
  base = undefined
})

async function workspace(): Promise<string> {
  base = await mkdtemp(join(tmpdir(), 'decklab-held-'))
  mkdirSync(join(base, 'out'))
  mkdirSync(join(base, 'elsewhere'))
  return base
}

function hold(folder: HeldFolder): HeldFolder {
  held.push(folder)
  return folder
}

describe('held folders', () => {
  it('never hold a folder through a link, nor a file', async () => {
    const root = await workspace()
    symlinkSync(join(root, 'elsewhere'), join(root, 'out', 'katex'))
    writeFileSync(join(root, 'out', 'file'), 'x')
    const out = hold(holdFolder(join(root, 'out')))
    // Linux reports O_DIRECTORY | O_NOFOLLOW on a link as ENOTDIR; other systems as ELOOP.
    const refusedLink = expect.objectContaining({
      code: expect.stringMatching(/^(ENOTDIR|ELOOP)$/),
    })
    expect(() => holdSubfolder(out, 'katex')).toThrow(refusedLink)
    expect(() => holdSubfolder(out, 'katex', { create: true })).toThrow(refusedLink)
    expect(() => holdSubfolder(out, 'file')).toThrow(expect.objectContaining({ code: 'ENOTDIR' }))
    expect(readdirSync(join(root, 'elsewhere'))).toEqual([])
  })

  it('make a missing folder on request', async () => {
    const root = await workspace()
    const out = hold(holdFolder(join(root, 'out')))
    expect(() => holdSubfolder(out, 'katex')).toThrow(expect.objectContaining({ code: 'ENOENT' }))
    const katex = hold(holdSubfolder(out, 'katex', { create: true }))
    writeFileSync(katex.entry('a.css'), 'a')
    expect(readdirSync(join(root, 'out', 'katex'))).toEqual(['a.css'])
  })

  it.skipIf(process.platform !== 'linux')(
    'keep naming the folder they hold once its path is swapped for a link',
    async () => {
      const root = await workspace()
      const out = hold(holdFolder(join(root, 'out')))
      const katex = hold(holdSubfolder(out, 'katex', { create: true }))
      // Checked and held; now the path leads elsewhere.
      renameSync(join(root, 'out', 'katex'), join(root, 'out', 'katex-moved'))
      symlinkSync(join(root, 'elsewhere'), join(root, 'out', 'katex'))
      writeFileSync(katex.entry('a.css'), 'a')
      expect(readdirSync(join(root, 'elsewhere'))).toEqual([])
      expect(readdirSync(join(root, 'out', 'katex-moved'))).toEqual(['a.css'])
    },
  )
})
