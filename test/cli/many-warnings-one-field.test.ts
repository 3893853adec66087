// A field of many lines with a warning on each (`{{c1::}}` on 30,000 lines,
// say) took `check` the square of its length: each warning's line and column
// were counted by reading the field from its start. 44,000 such lines took two
// minutes; the field's line starts are now found once.
import { describe, expect, it } from 'vitest'
import { runDecklabWithin } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

describe('warnings placed in one long field', () => {
  it('are placed in linear time', async () => {
    const cwd = await tempProject({
      '.obsidian/': '',
      'pasted.md': `START\nCloze\nfirst ${'{{c1::}}\n'.repeat(30_000)}END\n`,
    })
    const run = runDecklabWithin(['check', '--json', 'pasted.md'], 20_000, { cwd })
    expect(run.code, run.stderr).toBe(0)
    const report = JSON.parse(run.stdout) as {
      diagnostics: Array<{ code: string; line: number; column: number; endColumn: number }>
    }
    const empties = report.diagnostics.filter((found) => found.code === 'empty-cloze')
    expect(empties).toHaveLength(30_000)
    expect(empties[0]).toMatchObject({ line: 3, column: 7, endColumn: 15 })
    expect(empties[1]).toMatchObject({ line: 4, column: 1, endColumn: 9 })
    expect(empties[29_999]).toMatchObject({ line: 30_002, column: 1, endColumn: 9 })
  }, 40_000)
})
