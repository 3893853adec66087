import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readRegularFileSync } from '../../src/fs/regular-file.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'decklab-regular-file-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('readRegularFileSync', () => {
  it('follows a link by default, and not with noFollow (a file the scan saw became a link)', async () => {
    await writeFile(join(dir, 'real.md'), 'text')
    await symlink('real.md', join(dir, 'link.md'))
    expect(readRegularFileSync(join(dir, 'link.md')).bytes.toString()).toBe('text')
    expect(
      readRegularFileSync(join(dir, 'real.md'), {
        typeChecked: true,
        noFollow: true,
      }).bytes.toString(),
    ).toBe('text')
    expect(() =>
      readRegularFileSync(join(dir, 'link.md'), { typeChecked: true, noFollow: true }),
    ).toThrow(expect.objectContaining({ code: 'ELOOP' }))
  })
})
