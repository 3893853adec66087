// A Cloze field with a long run of HTML comments or tags left open (`<!--` that
// no `-->` follows, `<svg` that no `>` follows: a pasted page cut short) took
// `check` the square of its length: the pattern that leaves out what raw HTML
// hides read from each of them to the end of the field. 100,000 `<!--` took
// 14 s; those that can start nothing now fail at once.
import { describe, expect, it } from 'vitest'
import { runDecklabWithin } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

describe('HTML comments and tags left open in a Cloze field', () => {
  it('are read in linear time', async () => {
    const cwd = await tempProject({
      '.obsidian/': '',
      'comments.md': `START\nCloze\n{{c1::x}} ${'<!--'.repeat(200_000)}\nEND\n`,
      'tags.md': `START\nCloze\n{{c1::x}} ${'<svg'.repeat(200_000)}\nEND\n`,
    })
    const run = runDecklabWithin(['check'], 20_000, { cwd })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toContain('2 notes, 2 cards')
  }, 40_000)
})
