// A long line with many backticks and `%%` markers (a minified script or a
// log pasted into a note) took the comment reader the square of its length:
// after each comment it closed, it read the code spans of the whole rest of
// the line again. `check` on a 360 kB line ran for 49 s, a 1.8 MB line for
// longer than anyone waits, and SIGTERM could not stop it, as it never
// yielded inside one line. The spans are now read only as far as the next
// marker, so each part of the line is read about once.
//
// Inside a card's field the same line still cost the square of its length:
// for each `%%` it read, the comment reader asked the line's quote depth,
// which first searched the whole line for a `>`. A 1.8 MB field line took
// 7 s to `check`, a 3.6 MB one 32 s; the depth is now read from the line's
// start (2 s for the 3.6 MB line, most of it Markdown rendering).
//
// A line of nothing but `%%` (a divider, or a log's percent signs) still
// cost the square of its length: after each comment it closed, the reader
// searched the rest of the line for a backtick. 2 MB of `%%` took 11 s, 3 MB
// 25 s; that search now runs once per line.
import { describe, expect, it } from 'vitest'
import { runDecklabWithin } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const note = `x ${'`a %% '.repeat(60_000)}\n\nSTART\nBasic\nQ\nBack: A\nEND\n`
const percents = `${'%%'.repeat(1_500_000)}\n\nSTART\nBasic\nQ\nBack: A\nEND\n`
const field = `START\nBasic\nQ\nBack: ${'`a%%b` %% '.repeat(360_000)}\nEND\n`

/** `decklab check` on the one note `text`, killed after 15 s (the old code took 49 s for `note`, 32 s for `field`). */
async function checkOne(text: string) {
  const cwd = await tempProject({ '.obsidian/': '', 'pasted.md': text })
  // SIGKILL: a decklab stuck inside one line does not stop on SIGTERM.
  return runDecklabWithin(['check', 'pasted.md'], 15_000, { cwd })
}

describe('a long line of code spans and comments', () => {
  it('is read in linear time', async () => {
    const run = await checkOne(note)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout + run.stderr).toContain('1 note, 1 card')
  }, 30_000)

  it('is read in linear time when it is all %%', async () => {
    const run = await checkOne(percents)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout + run.stderr).toContain('1 note, 1 card')
  }, 30_000)

  it('is read in linear time in a field', async () => {
    const run = await checkOne(field)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout + run.stderr).toContain('1 note, 1 card')
  }, 30_000)
})
