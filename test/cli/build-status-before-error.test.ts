/**
 * On a terminal, `build` draws `reading notes…` on a status line. An error
 * that stopped the build (an `-o` refused, a package it must not write over)
 * was written after it on the same line: `reading notes…error Unexpected
 * output …`. The status line is erased first, as `sync` erases its own.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { createVault } from '../quiz/vault-fixture.js'
import { runDecklabOnTerminal, terminalUnavailable } from '../support/on-terminal.js'

describe.skipIf(terminalUnavailable)('a build stopped by an error on a terminal', () => {
  it('erases its status line before the error', { timeout: 60_000 }, () => {
    const vault = createVault()
    onTestFinished(() => vault.remove())
    writeFileSync(join(vault.root, 'deck.txt'), 'not a deck\n')
    const build = runDecklabOnTerminal(['build', '-o', 'deck.txt', '--state', vault.state], {
      cwd: vault.root,
      env: { TERM: 'xterm', NO_COLOR: '1' },
    })
    expect(build.status, build.output).toBe(2)
    expect(build.output).toContain('reading notes…')
    expect(build.output).toMatch(/\r\u001b\[2Kerror Unexpected output `deck\.txt`/)
    expect(build.output).not.toMatch(/reading notes…error/)
  })
})
