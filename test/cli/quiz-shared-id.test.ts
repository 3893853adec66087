/**
 * One `<!--ID: n-->` in two notes: a block copied with its ID line (and
 * maybe edited into another question) into a file read before the
 * original's. `check` reports it; the quiz and stats go on with the note the
 * ID's progress was answered with, not the copy read first.
 */
import { renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const block = (front: string, back: string, id: number) =>
  `START\nBasic\nFront: ${front}\nBack: ${back}\n<!--ID: ${id}-->\nEND\n`

describe('an ID in two notes', () => {
  // The copy, read first, was shown as a `review` card with the original's schedule, its
  // answer saved over the original's, and the original left out of the quiz.
  it('leaves the progress with the note answered under it, not the copy read first', async () => {
    const cwd = await tempProject({
      'notes/b.md': `TARGET DECK\nGeo\n\n${block('capital of France', 'Paris', 1700000000001)}\n${block('capital of Spain', 'Madrid', 1700000000002)}`,
    })
    const state = join(cwd, 'state')
    const quiz = (args: string[], input: string) =>
      runDecklab(['quiz', 'notes', '--answers', '-', '--state', state, ...args], { cwd, input })
    expect(quiz([], 'easy\neasy\n').code).toBe(0)
    const edited = block('capital of Italy', 'Rome', 1700000000001)
    // Copied without its deck line, edited: in `a.md`, read before `b.md`.
    writeFileSync(join(cwd, 'notes', 'a.md'), edited)
    const again = quiz(['--cram'], 'good\ngood\n')
    expect(again.code, again.stderr).toBe(0)
    expect(again.stderr).toContain('1 error in the notes')
    expect(again.stdout).toMatch(/card \d of 2 · Geo · review ──\n {2}capital of France/)
    expect(again.stdout).not.toContain('capital of Italy')
    const stats = runDecklab(['stats', 'notes', '--state', state], { cwd })
    expect(stats.stdout).toMatch(/^Geo +2 +0 +\d+$/m)
    expect(stats.stdout).not.toMatch(/^Default /m)

    // An unedited copy (without the deck line) read first: the note in the file last
    // answered in keeps it, with its deck.
    renameSync(join(cwd, 'notes', 'a.md'), join(cwd, 'notes', 'c.md'))
    writeFileSync(join(cwd, 'notes', 'a.md'), block('capital of Spain', 'Madrid', 1700000000002))
    const copy = quiz(['--cram'], 'good\ngood\n')
    expect(copy.code, copy.stderr).toBe(0)
    expect(copy.stdout).toMatch(/card \d of \d · Geo · review ──\n {2}capital of Spain/)
    expect(copy.stdout).not.toContain('· Default ·')
  })
})
