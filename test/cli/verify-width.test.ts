/**
 * `verify`'s report on a terminal: `stats` and `lab list` fit every line to
 * its width, `verify` cut questions at 90 characters and reasons at 200
 * whatever the width, so at 40 columns the terminal broke each line at its
 * edge, the rest at the left margin, out of the report's columns. Lines now
 * wrap at words under their indent; the place of a note (a path) is never
 * broken, and the question goes below it when there is no room beside it.
 */
import { describe, expect, it, onTestFinished } from 'vitest'
import { createVault } from '../quiz/vault-fixture.js'
import { runDecklab } from '../support/decklab.js'
import { runDecklabOnTerminal, terminalUnavailable } from '../support/on-terminal.js'

describe.skipIf(terminalUnavailable)('decklab verify on a narrow terminal', () => {
  it('fits every line of its report to 40 columns; a pipe gets them whole', {
    timeout: 60_000,
  }, () => {
    const vault = createVault()
    onTestFinished(() => vault.remove())
    const run = runDecklabOnTerminal(['verify'], { cwd: vault.root, env: { COLUMNS: '40' } })
    expect(run.status, run.output).toBe(0)
    // What stays on screen: a status line redrawn (`\r`, erase line) shows its last text.
    const lines = run.output
      .split(/\r?\n/)
      .map((line) => (line.split('\r').at(-1) ?? '').replaceAll('\u001b[K', ''))
    expect(lines.filter((line) => [...line].length > 40)).toEqual([])
    expect(lines).toContain('  CONFIRMED  notes/quiz.md:12')
    expect(lines).toContain('             Which errno does connect()…')
    expect(lines).toContain('             links no lab, so nothing')

    const piped = runDecklab(['verify'], { cwd: vault.root, env: { COLUMNS: '40' } })
    expect(piped.stdout).toContain(
      '  CONFIRMED  notes/quiz.md:12  Which errno does connect() give for a path where no file exists?\n',
    )
  })
})

// `lab run`'s report too: its transcript, checks and evidence lines.
describe.skipIf(terminalUnavailable)('decklab lab run on a narrow terminal', () => {
  it('fits every line of its report to 40 columns; a pipe gets them whole', () => {
    const vault = createVault()
    onTestFinished(() => vault.remove())
    const run = runDecklabOnTerminal(['lab', 'run', 'missing-socket'], {
      cwd: vault.root,
      env: { COLUMNS: '40' },
    })
    expect(run.status, run.output).toBe(0)
    const lines = run.output.split(/\r?\n/)
    expect(lines.filter((line) => [...line].length > 40)).toEqual([])
    expect(lines).toContain('    expected: ENOENT: no such file or')
    expect(lines).toContain('    directory')

    const piped = runDecklab(['lab', 'run', 'missing-socket'], {
      cwd: vault.root,
      env: { COLUMNS: '40' },
    })
    expect(piped.stdout).toContain('    expected: ENOENT: no such file or directory\n')
  })
})
