import { mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { linkTarget } from '../../src/fs/link-target.js'

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

describe('linkTarget', () => {
  it('is the path itself for a file or nothing, and follows a chain of links', () => {
    dir = mkdtempSync(join(tmpdir(), 'decklab-link-target-'))
    expect(linkTarget(join(dir, 'absent'))).toBe(join(dir, 'absent'))
    symlinkSync('b', join(dir, 'a'))
    symlinkSync(join(dir, 'sub', 'c'), join(dir, 'b'))
    // A link to nowhere yet leads to the path it names (relative to its folder).
    expect(linkTarget(join(dir, 'a'))).toBe(join(dir, 'sub', 'c'))
  })

  it('throws ELOOP for a loop', () => {
    dir = mkdtempSync(join(tmpdir(), 'decklab-link-target-'))
    symlinkSync('y', join(dir, 'x'))
    symlinkSync('x', join(dir, 'y'))
    expect(() => linkTarget(join(dir as string, 'x'))).toThrow(
      expect.objectContaining({ code: 'ELOOP' }),
    )
  })
})
