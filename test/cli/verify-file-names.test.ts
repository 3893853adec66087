/**
 * `verify --mutants` lists the notes whose mutants survive by `file:line`:
 * a file name holding a newline or `ESC [` is shown escaped there, as in
 * the rest of the report, never sent to the terminal as it is.
 */
import { describe, expect, it } from 'vitest'
import { runDecklabAsync } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const file = 'a\n\u001b[31mb.md'

describe('verify --mutants', () => {
  it('shows a file name with control characters escaped in the surviving notes', async () => {
    const cwd = await tempProject({
      '.obsidian/app.json': '{}',
      [file]: [
        'START',
        'Basic',
        'What does a stream client get from a datagram socket?',
        'Back: connect() fails with EPROTOTYPE.',
        'Lab: wrong-socket-type',
        'END',
        '',
      ].join('\n'),
    })
    const run = await runDecklabAsync(['verify', '--mutants'], { cwd })
    expect(run.code, run.stderr).toBe(0)
    const out = run.stdout + run.stderr
    expect(out).toContain('\nNotes whose mutants survive\n  a\\n\\x1b[31mb.md:1  What does')
    expect(out).not.toContain('\u001b')
  })
})
