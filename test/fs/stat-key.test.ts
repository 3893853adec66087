import { mkdtempSync, rmSync, type Stats, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  racyWindowMs,
  statKey,
  statsKey,
  statUnchanged,
  trustsStamp,
} from '../../src/fs/stat-key.js'

const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

const statsAt = (mtimeMs: number, ctimeMs: number) => ({ size: 5, mtimeMs, ctimeMs }) as Stats

describe('statKey (racy stamps)', () => {
  it('does not trust the stamp of a file written within the time granularity', () => {
    const folder = mkdtempSync(join(tmpdir(), 'decklab-stat-key-'))
    folders.push(folder)
    const file = join(folder, 'a.md')
    writeFileSync(file, 'START\n')
    const stamp = statKey(file)
    expect(trustsStamp(stamp)).toBe(false)
    // Unchanged by metadata, but a same-size edit in the same tick would look the same.
    expect(statUnchanged(file, stamp)).toBe(false)
    expect(trustsStamp(`a\0${stamp}\0b`)).toBe(false)
  })

  it('trusts a stamp whose times are older than the window, and a future mtime with an old ctime', () => {
    const old = Date.now() - racyWindowMs.coarse - 1000.5
    expect(trustsStamp(statsKey(statsAt(old, old)))).toBe(true)
    expect(trustsStamp(statsKey(statsAt(Date.now() + 86_400_000, old)))).toBe(true)
    expect(trustsStamp(statsKey(statsAt(old, Date.now())))).toBe(false)
    expect(trustsStamp(statsKey(statsAt(Date.now(), old)))).toBe(false)
    expect(statsKey(undefined)).toBe('missing')
  })

  it('gives whole-second times (a coarse file system) the longer window', () => {
    const second = Math.floor(Date.now() / 1000) * 1000 - 1000
    expect(trustsStamp(statsKey(statsAt(second, second)))).toBe(false)
    const fine = Date.now() - racyWindowMs.fine - 10.5
    expect(trustsStamp(statsKey(statsAt(fine, fine)))).toBe(true)
  })
})
