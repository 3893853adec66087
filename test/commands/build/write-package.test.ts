/**
 * The package's media are copied from their files as the package is
 * written: a file changed since it was named stops the write with
 * `media-changed`, and the package already there stays as it was.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { writePackageFile } from '../../../src/commands/build/write-package.js'
import { DecklabError } from '../../../src/errors.js'

const folders: string[] = []
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true })
})

describe('writePackageFile', () => {
  it('refuses media changed since it was named, keeping the package there', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'decklab-write-package-'))
    folders.push(cwd)
    await writeFile(join(cwd, 'pic.png'), 'edited')
    await writeFile(join(cwd, 'deck.apkg'), 'the last package')
    const named = Buffer.from('as named')
    const part = { path: join(cwd, 'pic.png'), size: named.length, crc32: crc32(named) }
    const written = writePackageFile(cwd, join(cwd, 'deck.apkg'), [Buffer.from('head'), part])
    await expect(written).rejects.toBeInstanceOf(DecklabError)
    await expect(written).rejects.toMatchObject({
      code: 'media-changed',
      message: expect.stringMatching(/`pic\.png` .*\(6 bytes, expected 8\).*`deck\.apkg` was left/),
    })
    expect(await readFile(join(cwd, 'deck.apkg'), 'utf8')).toBe('the last package')
    expect((await readdir(cwd)).sort()).toEqual(['deck.apkg', 'pic.png'])
  })
})
