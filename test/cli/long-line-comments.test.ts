// A long line with many backticks and `%%` markers (a minified script or a
// log pasted into a note) took the comment reader the square of its length:
// after each comment it closed, it read the code spans of the whole rest of
// the line again. `check` on a 360 kB line ran for 49 s, a 1.8 MB line for
// longer than anyone waits, and SIGTERM could not stop it, as it never
// yielded inside one line. The spans are now read only as far as the next
// marker, so each part of the line is read about once.
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { decklabBin } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const note = `x ${'`a %% '.repeat(60_000)}\n\nSTART\nBasic\nQ\nBack: A\nEND\n`

describe('a long line of code spans and comments', () => {
  it('is read in linear time', async () => {
    const cwd = await tempProject({ '.obsidian/': '', 'pasted.md': note })
    const started = Date.now()
    // SIGKILL: a decklab stuck inside one line does not stop on SIGTERM.
    const run = spawnSync(process.execPath, [decklabBin, 'check', 'pasted.md'], {
      cwd,
      encoding: 'utf8',
      timeout: 20_000,
      killSignal: 'SIGKILL',
    })
    expect(run.signal, `killed after ${Date.now() - started} ms`).toBeNull()
    expect(run.status, run.stderr).toBe(0)
    expect(run.stdout + run.stderr).toContain('1 note, 1 card')
  }, 30_000)
})
