// Write failures are told in words, with the system's code kept for searching.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { writeFileAtomic } from '../../src/fs/write-atomic.js'
import { writeFailureReason } from '../../src/fs/write-failure.js'

const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

function failureOf(write: () => void): unknown {
  try {
    write()
  } catch (error) {
    return error
  }
  throw new Error('the write did not fail')
}

describe('writeFailureReason', () => {
  it('names a file in the way of a real failed write, whichever code the system gave', () => {
    const folder = mkdtempSync(join(tmpdir(), 'decklab-write-failure-'))
    folders.push(folder)
    writeFileSync(join(folder, 'file'), 'x')
    for (const path of [join(folder, 'file', 'out.csv'), join(folder, 'file', 'sub', 'out.csv')]) {
      const reason = writeFailureReason(failureOf(() => writeFileAtomic(path, 'data')))
      expect(reason).toMatch(/^a file stands where a folder should be \((EEXIST|ENOTDIR)\)$/)
    }
  })

  it('keeps an unknown code as it is, and an error without one as its message', () => {
    expect(writeFailureReason(Object.assign(new Error('odd'), { code: 'EWEIRD' }))).toBe('EWEIRD')
    expect(writeFailureReason(new Error('no code'))).toBe('no code')
    expect(writeFailureReason('text')).toBe('text')
    expect(writeFailureReason(Object.assign(new Error('x'), { code: 'EROFS' }))).toBe(
      'read-only file system (EROFS)',
    )
  })
})
