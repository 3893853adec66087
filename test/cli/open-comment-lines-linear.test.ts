// A block whose lines each open an HTML comment that no `-->` below closes
// (`<!--` on 60,000 lines, a page pasted cut short) took `check` the square of
// its length: each line looked through every line below it for a `-->`. The
// first look that reaches the block's end now says so for all the later ones.
import { describe, expect, it } from 'vitest'
import { runDecklabWithin } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

describe('lines of `<!--` that nothing closes', () => {
  it('are read in linear time, and keep the lines after them their meaning', async () => {
    const cwd = await tempProject({
      '.obsidian/': '',
      'pasted.md': `START\nBasic\nQ\nBack: ${'<!--\n'.repeat(60_000)}A\nTags: kept\nEND\n`,
    })
    const run = runDecklabWithin(['check', '--json', 'pasted.md'], 20_000, { cwd })
    expect(run.code, run.stderr).toBe(0)
    const report = JSON.parse(run.stdout) as {
      notes: Array<{ tags: string[]; fields: Record<string, string> }>
    }
    expect(report.notes).toHaveLength(1)
    expect(report.notes[0]?.tags).toEqual(['kept'])
    expect(report.notes[0]?.fields.Back?.endsWith('<!--\nA')).toBe(true)
  }, 40_000)
})
