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

  // A script that passes --json everywhere reads JSON from help and the version too.
  it('prints the version and the help as JSON with --json', () => {
    for (const flag of ['--version', '-V']) {
      const version = decklab(flag, '--json')
      expect([version.code, version.stderr]).toEqual([0, ''])
      expect(JSON.parse(version.stdout)).toEqual({
        version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
      })
    }
    for (const args of [
      ['--help', '--json'],
      ['help', '--json'],
      ['-h', '--json'],
    ]) {
      const help = decklab(...args)
      expect([help.code, help.stderr]).toEqual([0, ''])
      const document = JSON.parse(help.stdout)
      expect(document.commands.map((command: { name: string }) => command.name)).toEqual([
        'check',
        'build',
        'quiz',
        'stats',
        'lab',
        'verify',
        'preview',
        'sync',
      ])
      expect(document.options.map((option: { name: string }) => option.name)).toEqual([
        'help',
        'version',
      ])
    }
    for (const args of [
      ['check', '--help', '--json'],
      ['help', 'check', '--json'],
      ['check', '--json', '-h'],
    ]) {
      const help = decklab(...args)
      expect([help.code, help.stderr]).toEqual([0, ''])
      const document = JSON.parse(help.stdout)
      expect(document).toMatchObject({
        command: 'check',
        usage: expect.stringMatching(/^decklab check /),
        summary: 'Parse notes and report problems (exit 1 on errors)',
        description: expect.stringContaining('build --dry-run'),
        examples: expect.arrayContaining(['decklab check']),
      })
      expect(document.options).toEqual([
        { name: 'json', short: null, value: null, description: expect.any(String) },
        { name: 'deck', short: null, value: 'NAME', description: expect.any(String) },
        { name: 'help', short: 'h', value: null, description: 'Show this help' },
      ])
    }
    // Without --json, the text as before.
    expect(decklab('check', '--help').stdout).toMatch(/^Usage: decklab check/)
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
      const json = decklab(name, '--help', '--json')
      expect(json.code).toBe(0)
      expect(JSON.parse(json.stdout)).toMatchObject({
        command: name,
        usage: expect.stringMatching(new RegExp(`^decklab ${name}`)),
      })
    },
  )
})
