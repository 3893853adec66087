import { appendFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createVault, type Vault } from '../quiz/vault-fixture.js'
import { runDecklab } from '../support/decklab.js'

const vaults: Vault[] = []
afterEach(() => {
  for (const vault of vaults.splice(0)) vault.remove()
})

describe('a review log longer than the longest string', () => {
  // Two years of daily reviews on a big deck: a million records are some 850 MB, and the log
  // was read as one string, which V8 stops at 512 MiB: quiz, stats and build --with-progress
  // called the log damaged ("cannot be read (Cannot create a string longer than 0x1fffffe8
  // characters)"). Blank lines (which the reader passes over) make it that long quickly here.
  it('is read, appended to and counted', { timeout: 120_000 }, () => {
    const vault = createVault()
    vaults.push(vault)
    mkdirSync(vault.state, { recursive: true, mode: 0o700 })
    const log = join(vault.state, 'reviews.jsonl')
    const blank = `${' '.repeat(1024 * 1024 - 1)}\n`
    for (let mebibyte = 0; mebibyte < 520; mebibyte += 1) appendFileSync(log, blank)
    const quiz = ['quiz', '--answers', '-', '--state', vault.state, '--new', '1']
    const first = runDecklab(quiz, { cwd: vault.root, input: 'good\n' })
    expect(first.stderr).not.toContain('damaged')
    expect(first.code, first.stderr).toBe(0)

    const stats = runDecklab(['stats', '--state', vault.state, '--json'], { cwd: vault.root })
    expect(stats.stderr).not.toContain('damaged')
    expect(stats.code, stats.stderr).toBe(0)
    expect(JSON.parse(stats.stdout)).toMatchObject({ reviews: 1 })
  })
})
