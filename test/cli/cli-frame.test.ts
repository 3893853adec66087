import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'

function decklab(...args: string[]) {
  return runDecklab(args)
}

describe('the decklab binary', () => {
  it('prints the tool help on stdout with --help and exits 0', () => {
    const result = decklab('--help')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^decklab \d+\.\d+\.\d+ — /)
    for (const name of ['check', 'build', 'quiz', 'stats', 'lab', 'verify', 'preview', 'sync']) {
      expect(result.stdout).toMatch(new RegExp(`^  ${name} `, 'm'))
    }
  })

  it('prints help on stderr and exits 2 without a command', () => {
    const result = decklab()
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('Usage: decklab <command>')
  })

  it('prints the package version', () => {
    const result = decklab('--version')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^\d+\.\d+\.\d+\n$/)
  })

  it('rejects an unknown command with exit 2 and no stack trace', () => {
    const result = decklab('frobnicate')
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      'error Unknown command `frobnicate`, expected one of: check, build, quiz, stats, lab, verify, preview, sync\nRun `decklab --help` for usage.\n',
    )
  })

  it.each(['check', 'build', 'quiz', 'stats', 'lab', 'verify', 'preview', 'sync'])(
    'has --help for `%s`',
    (name) => {
      const result = decklab(name, '--help')
      expect(result.code).toBe(0)
      expect(result.stdout).toMatch(new RegExp(`^Usage: decklab ${name}`))
    },
  )
})
