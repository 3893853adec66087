// A CI job builds from a fresh checkout: no build record, so every note was stamped
// with the build's clock, and two builds of the same commit gave different packages.
// SOURCE_DATE_EPOCH (reproducible-builds.org) now names that time.
import { createHash } from 'node:crypto'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { packageRoot } from '../../src/package-info.js'
import { runDecklab } from '../support/decklab.js'

const clock = join(packageRoot(), 'test', 'support', 'fixed-clock.mjs')
let root: string

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'decklab-epoch-'))
  mkdirSync(join(root, 'vault', '.obsidian'), { recursive: true })
  writeFileSync(
    join(root, 'vault', 'a.md'),
    'START\nBasic\nFront: one\nBack: two\n<!--ID: 1700000000000-->\nEND\n',
  )
})

afterEach(() => rmSync(root, { recursive: true, force: true }))

/** A fresh checkout of the vault built at `time` (ISO), with `env`; the package's SHA-256. */
function checkoutBuild(name: string, time: string, env: Record<string, string> = {}) {
  const vault = join(root, name)
  cpSync(join(root, 'vault'), vault, { recursive: true })
  const result = runDecklab(['build', '--frozen', '--json'], {
    cwd: vault,
    env: { NODE_OPTIONS: `--import=${clock}`, DECKLAB_TEST_NOW: time, ...env },
  })
  expect(result.code, result.stderr).toBe(0)
  const output = join(vault, JSON.parse(result.stdout).output)
  return { vault, hash: createHash('sha256').update(readFileSync(output)).digest('hex') }
}

/** The modification time the build record gives each note. */
function recordedMods(vault: string): number[] {
  const record = JSON.parse(
    readFileSync(join(vault, 'dist', '.decklab-build', 'Default.apkg.json'), 'utf8'),
  ) as { notes: Record<string, { mod: number }> }
  return Object.values(record.notes).map((stamp) => stamp.mod)
}

describe('SOURCE_DATE_EPOCH', () => {
  it('two fresh checkouts built at different times give the same bytes', () => {
    const epoch = { SOURCE_DATE_EPOCH: '1764000000' }
    const first = checkoutBuild('one', '2026-12-01T10:00:00Z', epoch)
    const second = checkoutBuild('two', '2026-12-02T18:30:00Z', epoch)
    expect(second.hash).toBe(first.hash)
    expect(recordedMods(first.vault)).toEqual([1764000000])
    // Without it, each build stamps its own clock.
    const third = checkoutBuild('three', '2026-12-01T10:00:00Z')
    const fourth = checkoutBuild('four', '2026-12-02T18:30:00Z')
    expect(fourth.hash).not.toBe(third.hash)
  })

  it('a changed note still gets a newer time than its last build gave it', () => {
    const { vault } = checkoutBuild('one', '2026-12-01T10:00:00Z', {
      SOURCE_DATE_EPOCH: '1764000000',
    })
    writeFileSync(
      join(vault, 'a.md'),
      'START\nBasic\nFront: one\nBack: three\n<!--ID: 1700000000000-->\nEND\n',
    )
    // An older epoch than the record's stamp: Anki would skip an update stamped older.
    const result = runDecklab(['build', '--json'], {
      cwd: vault,
      env: { SOURCE_DATE_EPOCH: '1763000000' },
    })
    expect(result.code, result.stderr).toBe(0)
    expect(recordedMods(vault)).toEqual([1764000001])
  })

  it('a malformed value stops the build with exit 2 and its own code, writing nothing', () => {
    for (const value of ['abc', '-5', '1.5', '99999999999999']) {
      const result = runDecklab(['build', '--json'], {
        cwd: join(root, 'vault'),
        env: { SOURCE_DATE_EPOCH: value },
      })
      expect([value, result.code]).toEqual([value, 2])
      expect(JSON.parse(result.stdout).error.code).toBe('invalid-source-date-epoch')
      expect(result.stderr).toContain('SOURCE_DATE_EPOCH')
    }
    expect(() => readFileSync(join(root, 'vault', 'dist', 'Default.apkg'))).toThrow()
  })

  it('check refuses a malformed value as build does, so a CI job learns of it at the check', () => {
    const result = runDecklab(['check', '--json'], {
      cwd: join(root, 'vault'),
      env: { SOURCE_DATE_EPOCH: '1.5' },
    })
    expect(result.code).toBe(2)
    expect(JSON.parse(result.stdout).error.code).toBe('invalid-source-date-epoch')
    const fine = runDecklab(['check', '--json'], {
      cwd: join(root, 'vault'),
      env: { SOURCE_DATE_EPOCH: '1764000000' },
    })
    expect(fine.code, fine.stderr).toBe(0)
  })
})
