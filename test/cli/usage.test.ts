/** Typos, values and help text: what a newcomer meets first (issue 16, item 8). */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { runDecklab } from '../support/decklab.js'

const commands = ['check', 'build', 'quiz', 'stats', 'lab', 'verify', 'preview', 'sync']

describe('decklab on typos', () => {
  it('suggests the nearest command and points at the tool help', () => {
    const result = runDecklab(['bulid'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      'error Unknown command `bulid` (did you mean `build`?), expected one of: check, build, quiz, stats, lab, verify, preview, sync\nRun `decklab --help` for usage.\n',
    )
  })

  it('suggests nothing for a word that is no command', () => {
    const result = runDecklab(['frobnicate'])
    expect(result.code).toBe(2)
    expect(result.stderr).not.toContain('did you mean')
  })

  it('says options come after the command when one stands where the command goes', () => {
    const json = runDecklab(['--json', 'check'])
    expect(json.code).toBe(2)
    expect(JSON.parse(json.stdout).error).toEqual({
      code: 'usage',
      message:
        'Unexpected option `--json` before the command, expected a command first (decklab <command> [options]), one of: check, build, quiz, stats, lab, verify, preview, sync',
    })
    const typo = runDecklab(['--verison'])
    expect(typo.code).toBe(2)
    expect(typo.stderr).toBe(
      'error Unknown option `--verison` (did you mean `--version`?), expected a command first: decklab <command> [options]\nRun `decklab --help` for usage.\n',
    )
  })

  it('suggests the nearest option of the command', () => {
    const result = runDecklab(['check', '--jsno'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("Unknown option '--jsno' (did you mean `--json`?)")
    expect(result.stderr).toContain('Run `decklab check --help` for usage.')
  })
})

describe('decklab on negative numbers', () => {
  it('`quiz --new -1` is a usage error about the value, not an ambiguous argument', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'decklab-usage-'))
    onTestFinished(() => rm(cwd, { recursive: true, force: true }))
    await writeFile(join(cwd, 'a.md'), 'START\nBasic\nQ\nBack: A\nEND\n')
    const result = runDecklab(
      ['quiz', 'a.md', '--new', '-1', '--answers', '-', '--state', join(cwd, 'state')],
      { cwd, input: 'good\n' },
    )
    expect(result.code).toBe(2)
    expect(result.stderr).not.toContain('ambiguous')
    expect(result.stderr).toContain('`--new` expects a whole number ≥ 0, got `-1`')
  })

  it('a negative number after a boolean flag stays a positional', () => {
    const result = runDecklab(['check', '--json', '-1'])
    expect(result.code).toBe(2)
    expect(result.stderr).not.toContain('ambiguous')
  })
})

describe('decklab on a missing option value', () => {
  it('an option whose value is missing before another option is one clear line, --json too', () => {
    for (const args of [
      ['build', '--deck', '--json'],
      ['build', '-o', '--json'],
    ]) {
      const result = runDecklab(args, { cwd: tmpdir() })
      expect(result.code, args.join(' ')).toBe(2)
      const [line, hint, ...rest] = result.stderr.split('\n')
      expect(line, args.join(' ')).toMatch(
        /^error Option '(--deck|-o)' expects a value, got another option after it \(a value starting with a dash is written '--(deck|output)=-XYZ'/,
      )
      expect(line).not.toContain('\\n')
      expect(hint).toBe('Run `decklab build --help` for usage.')
      expect(rest).toEqual([''])
      const document = JSON.parse(result.stdout) as { error: { code: string; message: string } }
      expect(document.error.code).toBe('usage')
      expect(document.error.message).not.toContain('\n')
    }
  })
})

describe('decklab help text', () => {
  it("check's example names a file the shipped course has", async () => {
    const help = runDecklab(['check', '--help']).stdout
    const example = /decklab check "(notes\/[^"]+)" --json/.exec(help)
    expect(example).not.toBeNull()
    const notes = await readdir(new URL('../../notes/', import.meta.url))
    expect(notes).toContain(example![1]!.slice('notes/'.length))
  })

  it('the tool help names every exit code, 130 included, and --json', () => {
    const result = runDecklab(['--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(
      'Exit codes: 0 ok, 1 findings (errors, failed checks), 2 usage or environment\n' +
        'error, 130 interrupted; 70 only for a bug in decklab (an internal error:\n' +
        'please report it).',
    )
    expect(result.stdout).toMatch(/--json: one JSON document on stdout/)
  })

  it('`help help` is the tool help, not an unknown command', () => {
    const result = runDecklab(['help', 'help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(runDecklab(['--help']).stdout)
  })

  it.each(commands)('`%s --help` has the same capitalised summary as the tool help', (name) => {
    const tool = runDecklab(['--help']).stdout
    const listed = new RegExp(`^  ${name} +(.+)$`, 'm').exec(tool)?.[1]
    const help = runDecklab([name, '--help']).stdout.split('\n')
    expect(listed).toMatch(/^[A-Z]/)
    expect(help[2]).toBe(listed)
    expect(runDecklab(['help', name]).stdout.split('\n')[2]).toBe(listed)
    const options = help.slice(
      help.indexOf('Options:') + 1,
      help.indexOf('', help.indexOf('Options:')),
    )
    expect(options.length).toBeGreaterThan(0)
    for (const line of options) {
      // `  -o, --output FILE  Where to write…`: the description starts with a capital.
      expect(line).toMatch(/^ {2}(?:-\w, | {4})--[\w-]+(?: \S+)? +[A-Z]/)
    }
  })
})

describe('decklab on a --deck name', () => {
  it('check and build refuse a blank name and one Anki would change, alike, writing nothing', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'decklab-usage-'))
    onTestFinished(() => rm(cwd, { recursive: true, force: true }))
    const note = 'START\nBasic\nQ\nBack: A\nEND\n'
    await writeFile(join(cwd, 'a.md'), note)
    for (const [deck, message] of [
      ['', '`--deck` needs a deck name'],
      ['  ', '`--deck` needs a deck name'],
      ['Unix :: Sockets', 'the deck would be named `Unix::Sockets`'],
      ['a::::b', 'the deck would be named `a::blank::b`'],
      ['a<b>', 'the deck would be named `ab`'],
    ] as const) {
      for (const command of ['check', 'build']) {
        const result = runDecklab([command, 'a.md', '--deck', deck], { cwd })
        expect(result.code, `${command} --deck '${deck}'`).toBe(2)
        expect(result.stderr).toContain(message)
      }
    }
    const ok = runDecklab(['check', 'a.md', '--deck', 'Unix::Sockets', '--json'], { cwd })
    expect(ok.code).toBe(0)
    expect(JSON.parse(ok.stdout).notes[0].deck).toBe('Unix::Sockets')
    // A name in another Unicode form only (pasted from a Mac, decomposed) is the same deck, composed.
    const mac = runDecklab(['check', 'a.md', '--deck', 'Cafe\u0301::Sockets', '--json'], { cwd })
    expect(mac.code, mac.stderr).toBe(0)
    expect(JSON.parse(mac.stdout).notes[0].deck).toBe('Caf\u00e9::Sockets')
    expect((await readdir(cwd)).sort()).toEqual(['a.md'])
    expect(await readFile(join(cwd, 'a.md'), 'utf8')).toBe(note)
  })
})

describe('decklab on empty or out-of-range values', () => {
  it('an empty --state is a usage error, never the default state folder in its place', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'decklab-usage-'))
    onTestFinished(() => rm(cwd, { recursive: true, force: true }))
    await writeFile(join(cwd, 'a.md'), 'START\nBasic\nQ\nBack: A\nEND\n')
    // HOME points into the test folder: were the default taken, it would be made there.
    const env = { HOME: cwd, XDG_STATE_HOME: '', DECKLAB_STATE_DIR: '' }
    for (const args of [
      ['stats', 'a.md', '--state', ''],
      ['quiz', 'a.md', '--state', ' ', '--answers', '-'],
      ['build', 'a.md', '--with-progress', '--state', '', '--dry-run'],
      ['sync', 'a.md', '--state', '', '--dry-run'],
    ]) {
      const result = runDecklab(args, { cwd, env, input: 'good\n' })
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stderr).toContain('`--state` needs a folder')
    }
    expect((await readdir(cwd)).sort()).toEqual(['a.md'])
  })

  it('an empty path (an unset variable) is a usage error, never the whole vault, and writes nothing', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'decklab-usage-'))
    onTestFinished(() => rm(cwd, { recursive: true, force: true }))
    const note = 'START\nBasic\nQ\nBack: A\nEND\n'
    await writeFile(join(cwd, 'a.md'), note)
    for (const args of [
      ['build', ''],
      ['check', ''],
      ['build', 'a.md', ''],
      ['lab', 'run', ''],
    ]) {
      const result = runDecklab(args, { cwd })
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stderr).toContain(
        'error Unexpected empty argument (an unset shell variable?), expected a path or a name',
      )
    }
    expect(await readFile(join(cwd, 'a.md'), 'utf8')).toBe(note)
    expect(await readdir(cwd)).toEqual(['a.md'])
  })

  it('an empty or missing --answers file is named as such', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'decklab-usage-'))
    onTestFinished(() => rm(cwd, { recursive: true, force: true }))
    await writeFile(join(cwd, 'a.md'), 'START\nBasic\nQ\nBack: A\nEND\n')
    const env = { DECKLAB_STATE_DIR: join(cwd, 'state') }
    const empty = runDecklab(['quiz', 'a.md', '--answers', ''], { cwd, env })
    expect(empty.code).toBe(2)
    expect(empty.stderr).toContain('`--answers` needs a file name, or `-` for standard input')
    const missing = runDecklab(['quiz', 'a.md', '--answers', 'nope.txt'], { cwd, env })
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain(
      'error cannot read --answers nope.txt: it does not exist, expected a file of answers (or `-` for standard input)',
    )
    expect(missing.stderr).not.toContain('ENOENT')
    expect(await readdir(cwd)).toEqual(['a.md'])
  })

  it('a lab --deadline over what a timer can wait is a usage error, not a deadline met at once', () => {
    const result = runDecklab(['lab', 'run', 'stream-echo', '--deadline', '99999999999999'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      '`--deadline` expects a whole number of milliseconds from 1 to 2147483647 (about 24 days), got `99999999999999`',
    )
    expect(result.stderr).not.toContain('TimeoutOverflowWarning')
  })
})

describe('decklab on whole-number options', () => {
  it('reads --timeout, --deadline and the quiz counts one way, naming the unit and the range', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'decklab-numbers-'))
    onTestFinished(() => rm(cwd, { recursive: true, force: true }))
    await writeFile(join(cwd, 'a.md'), 'START\nBasic\nQ\nBack: A\nEND\n')
    const state = join(cwd, 'state')
    // The sync never reaches Anki: each is refused before it would connect.
    const sync = ['sync', 'a.md', '--url', 'http://127.0.0.1:9', '--state', state, '--timeout']
    const lab = ['lab', 'run', 'stream-echo', '--deadline']
    const quiz = ['quiz', 'a.md', '--answers', '-', '--state', state]
    const timeout = 'a whole number of seconds from 0 to 86400 (0 waits for ever)'
    const deadline = 'a whole number of milliseconds from 1 to 2147483647 (about 24 days)'
    for (const [args, value, expected] of [
      [sync, '-1', `\`--timeout\` expects ${timeout}`],
      [sync, '1.5', `\`--timeout\` expects ${timeout}`],
      [sync, '86401', `\`--timeout\` expects ${timeout}`],
      [lab, '0', `\`--deadline\` expects ${deadline}`],
      [lab, 'soon', `\`--deadline\` expects ${deadline}`],
      [lab, '2147483648', `\`--deadline\` expects ${deadline}`],
      [[...quiz, '--learn-ahead'], 'x', '`--learn-ahead` expects a whole number of minutes ≥ 0'],
      // Past what a number holds exactly, the bound is said.
      [
        [...quiz, '--limit'],
        '99999999999999999999',
        '`--limit` expects a whole number from 0 to 9007199254740991',
      ],
    ] as const) {
      const result = runDecklab([...args, value, '--json'], { cwd, input: '' })
      expect(result.stderr, `${args.join(' ')} ${value}`).toContain(`${expected}, got \`${value}\``)
      expect(result.code).toBe(2)
      expect(JSON.parse(result.stdout).error.code).toBe('usage')
      expect(result.stderr).toContain(`Run \`decklab ${args[0]} --help\` for usage.`)
    }
    // The bounds themselves are taken: the sync gets as far as Anki, the quiz runs.
    const longest = runDecklab([...sync, '86400', '--json'], { cwd })
    expect(JSON.parse(longest.stdout).error.code).toBe('anki-unreachable')
    // A newcomer without Anki is told how to get the add-on, or what to do without it.
    expect(longest.stderr).toContain(
      'Cannot reach AnkiConnect at http://127.0.0.1:9/ (ECONNREFUSED), expected Anki running with the AnkiConnect add-on: start Anki (the add-on is code 2055492159, under Tools → Add-ons → Get Add-ons), or build a package to import instead (`decklab build`)',
    )
    const zero = runDecklab([...quiz, '--limit', '0', '--json'], { cwd, input: '' })
    expect(zero.code).toBe(0)
    // Neither left a state folder: the sync saved nothing, the quiz answered nothing.
    expect(await readdir(cwd)).toEqual(['a.md'])
  })
})

describe('decklab --json on an error before the result', () => {
  it('prints one JSON document with the error code and message on stdout, and the message on stderr', () => {
    for (const [code, ...args] of [
      // A path that is not there is the world's refusal, with its own code (refusal-codes.test.ts).
      ['path-not-found', 'check', 'no-such-notes.md', '--json'],
      ['usage', 'build', '--json', '-o'],
      ['usage', 'build', '-o', 'deck.txt', '--json'],
      ['usage', 'lab', 'run', 'no-such-lab', '--json'],
    ] as const) {
      const result = runDecklab(args, { cwd: tmpdir() })
      expect(result.code, args.join(' ')).toBe(2)
      const document = JSON.parse(result.stdout) as { error: { code: string; message: string } }
      expect(document.error.code).toBe(code)
      expect(result.stderr).toContain(document.error.message)
    }
  })

  it('`--json=true` (the flag takes no value) is a usage error given as JSON too', () => {
    const result = runDecklab(['check', 'no-such-notes.md', '--json=true'], { cwd: tmpdir() })
    expect(result.code).toBe(2)
    const document = JSON.parse(result.stdout) as { error: { code: string; message: string } }
    expect(document.error).toEqual({
      code: 'usage',
      message: "Option '--json' does not take an argument",
    })
  })

  it('without --json, stdout stays empty', () => {
    const result = runDecklab(['check', 'no-such-notes.md'], { cwd: tmpdir() })
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
  })

  it('`--help` after `--` is a path, not a request for help', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'decklab-dashdash-'))
    onTestFinished(() => rm(folder, { recursive: true, force: true }))
    // Folders whose names start with dashes: `--` is how a script passes them.
    for (const name of ['--help', '-h']) {
      await mkdir(join(folder, name))
      await writeFile(join(folder, name, 'a.md'), `START\nBasic\nFront: ${name}\nBack: b\nEND\n`)
    }
    const result = runDecklab(['check', '--json', '--', '--help', '-h'], { cwd: folder })
    expect(result.code, result.stderr).toBe(0)
    const document = JSON.parse(result.stdout) as { notes: Array<{ file: string }> }
    expect(document.notes.map((note) => note.file)).toEqual(['--help/a.md', '-h/a.md'])
    // Before `--`, it is help still.
    expect(runDecklab(['check', '--help', '--', 'x.md']).stdout).toContain('Usage: decklab check')
  })
})

// `decklab stats --state` (the folder forgotten) said Node's "Option '--state <value>'
// argument missing": it names the option and the value it takes, as the help does.
describe('an option given without its value', () => {
  it('says which value the option needs, in one line, also as JSON', () => {
    const stats = runDecklab(['stats', '--state'])
    expect(stats.code).toBe(2)
    expect(stats.stderr).toBe(
      'error `--state` needs a value, expected `--state DIR`\nRun `decklab stats --help` for usage.\n',
    )
    const build = runDecklab(['build', '--json', '-o'])
    expect(build.code).toBe(2)
    expect(JSON.parse(build.stdout)).toEqual({
      error: { code: 'usage', message: '`--output` needs a value, expected `--output FILE`' },
    })
  })
})
