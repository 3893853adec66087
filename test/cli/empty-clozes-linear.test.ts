// A Cloze field of many empty deletions beside raw HTML (`{{c1::}} <`, a pasted
// template) took `check` the square of its length: each empty deletion read the
// whole field again to learn whether it is shown (not in a comment, code or a
// tag), and again for its hint. 20,000 of them took 55 s; the field is now read
// once for all of them.
import { describe, expect, it } from 'vitest'
import { runDecklabWithin } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

describe('empty cloze deletions', () => {
  it('are told from the hidden ones in linear time', async () => {
    const cwd = await tempProject({
      '.obsidian/': '',
      'pasted.md': `START\nCloze\n<!-- {{c1::}} -->${'{{c1::}} <'.repeat(20_000)}\nEND\n`,
    })
    const run = runDecklabWithin(['check', '--json', 'pasted.md'], 20_000, { cwd })
    expect(run.code, run.stderr).toBe(0)
    const report = JSON.parse(run.stdout) as {
      diagnostics: Array<{ code: string; line: number; column: number; message: string }>
    }
    const empties = report.diagnostics.filter((found) => found.code === 'empty-cloze')
    // The one in the comment is hidden; each shown one is placed where it is written.
    expect(empties).toHaveLength(20_000)
    expect(empties[0]).toMatchObject({ line: 3, column: 18 })
    expect(empties[19_999]).toMatchObject({ line: 3, column: 18 + 19_999 * 10 })
  }, 40_000)
})
