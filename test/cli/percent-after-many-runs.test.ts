// Each `%%` after a backtick run that nothing closed yet read every later line of its
// paragraph for a run as long: lines `` x `…` %% ``, one backtick more on each, cost the cube
// of their number. 2,000 such lines (2 MB) took `check` 7.6 s, and a 6 MB note with 2,500 of
// them in a card block and 2,500 below it took over a minute (the scanner, the block's field
// and the card's renderer each paid). The lines ahead are now read once per paragraph.
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const runs = (count: number) =>
  Array.from({ length: count }, (_, index) => `x ${'`'.repeat(index + 1)} %%`).join('\n')

describe('a paragraph of backtick runs of many lengths, each before a `%%`', () => {
  it('is checked and built in seconds', async () => {
    const note = `START\nBasic\nQ\nBack: a\n${runs(2_500)}\nEND\n\n${runs(2_500)}\n`
    const cwd = await tempProject({ '.obsidian/': '', 'runs.md': note })
    const check = runDecklab(['check'], { cwd, timeoutMs: 15_000 })
    expect(check.code, check.stderr).toBe(0)
    expect(check.stdout + check.stderr).toContain('1 note, 1 card in 1 file; 0 errors, 0 warnings')

    const build = runDecklab(['build', '-o', 'out.apkg'], { cwd, timeoutMs: 15_000 })
    expect(build.code, build.stderr).toBe(0)
  }, 40_000)
})
