/**
 * A terminal whose locale is not UTF-8 (LANG=C) shows decklab's UTF-8 marks
 * as mojibake. The quiz and stats wrote ASCII there (bb1e21e, 107cc9b);
 * `lab`, `verify` and `check` still wrote `→`, `—` and `…`. Every command now
 * writes ASCII to such a terminal, JSON with its characters escaped (the same
 * data), and a pipe still gets UTF-8.
 */

import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { createVault } from '../quiz/vault-fixture.js'
import { runDecklab } from '../support/decklab.js'
import { runDecklabOnTerminal, terminalUnavailable } from '../support/on-terminal.js'

const cLocale = { LANG: 'C', LC_ALL: '', LC_CTYPE: '' }
const ascii = /^[\x00-\x7f]*$/

/** A typed card linked to a lab, its question longer than the terminal, and a cloze only in code. */
const notes = `START
Basic (type in the answer)
Which errno does connect() give for a path where no file exists, when the client names a socket path that was never bound?
Back: ENOENT
Lab: missing-socket#connect-enoent
<!--ID: 1763700000002-->
END

START
Cloze
Only in code: \`{{c1::x}}\`
<!--ID: 1763700000003-->
END
`

function vault(): string {
  const made = createVault(notes)
  onTestFinished(() => made.remove())
  return made.root
}

describe.skipIf(terminalUnavailable)('a terminal whose locale is not UTF-8', () => {
  it('gets lab list and lab run in ASCII, and the JSON escaped; a pipe gets UTF-8', () => {
    const cwd = vault()
    const list = runDecklabOnTerminal(['lab', 'list'], { cwd, env: cLocale })
    expect(list.status, list.output).toBe(0)
    expect(list.output).toContain('A server is socket > bind > listen > accept')
    expect(list.output).toMatch(ascii)
    expect(runDecklab(['lab', 'list'], { cwd, env: cLocale }).stdout).toContain(
      'socket → bind → listen',
    )

    const json = runDecklabOnTerminal(['lab', 'list', '--json'], { cwd, env: cLocale })
    expect(json.status, json.output).toBe(0)
    expect(json.output).toMatch(ascii)
    expect(json.output).toContain('socket \\u2192 bind')
    expect(JSON.parse(json.output)).toEqual(
      JSON.parse(runDecklab(['lab', 'list', '--json'], { cwd, env: cLocale }).stdout),
    )

    const run = runDecklabOnTerminal(['lab', 'run', 'missing-socket'], { cwd, env: cLocale })
    expect(run.status, run.output).toBe(0)
    expect(run.output).toMatch(/^missing-socket - /m)
    expect(run.output).toMatch(ascii)
    expect(runDecklab(['lab', 'run', 'missing-socket'], { cwd, env: cLocale }).stdout).toMatch(
      /^missing-socket — /m,
    )
  })

  it('gets lab serve --json escaped, on stdout and stderr: the path stays the path', () => {
    const cwd = vault()
    const path = join(cwd, 'a→b.sock')
    // Stopped by SIGTERM after 2 s: the last line says which path it removed.
    const serve = runDecklabOnTerminal(['lab', 'serve', 'stream-echo', '--json', '--path', path], {
      cwd,
      env: cLocale,
      wrap: ['timeout', '2'],
    })
    expect(serve.output).toMatch(ascii)
    const lines = serve.output.split(/\r?\n/).filter((line) => line.startsWith('{'))
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ ready: true, address: path }),
      { stopped: true, path, removed: true },
    ])
  })

  it('gets verify and check in ASCII', { timeout: 60_000 }, () => {
    const cwd = vault()
    const verify = runDecklabOnTerminal(['verify'], { cwd, env: { ...cLocale, COLUMNS: '80' } })
    expect(verify.status, verify.output).toBe(0)
    // The question, cut to the terminal's width.
    expect(verify.output).toMatch(/ Which errno does connect\(\) give for a path where .*~\r?$/m)
    expect(verify.output).toMatch(ascii)

    const check = runDecklabOnTerminal(['check'], { cwd, env: cLocale })
    expect(check.status, check.output).toBe(0)
    expect(check.output).toContain('expected `{{c1::~}}` in its text')
    expect(check.output).toMatch(ascii)
    expect(runDecklab(['check'], { cwd, env: cLocale }).stderr).toContain(
      'expected `{{c1::…}}` in its text',
    )
  })

  // The ASCII mapping changed paths too: `notes/Alice’s a→b.md` was shown as
  // `notes/Alice's a>b.md`, and `READY a→b.sock` as `READY a>b.sock`, paths of other files.
  it('shows paths as they are, the rest of the line in ASCII', () => {
    const made = createVault('')
    onTestFinished(() => made.remove())
    const cwd = made.root
    rmSync(join(cwd, 'notes', 'quiz.md'))
    writeFileSync(
      join(cwd, 'notes', 'Alice’s a→b.md'),
      '---\ndeck: A → B\n---\nSTART\nBasic\nOne?\nBack: 1\nEND\n',
    )
    const build = runDecklabOnTerminal(['build', '--dry-run'], { cwd, env: cLocale })
    expect(build.status, build.output).toBe(0)
    expect(build.output).toContain('to notes/Alice’s a→b.md:4\r\n')
    expect(build.output).toMatch(/would write 1 ID and dist\/A → B\.apkg \(/)
    // The chrome of the same run is still ASCII.
    expect(build.output).toContain('reading notes~')
    // A path named on the command line that does not exist, in the error as it was typed.
    const missing = runDecklabOnTerminal(['check', 'notes/x→y.md'], { cwd, env: cLocale })
    expect(missing.status, missing.output).toBe(2)
    expect(missing.output).toContain('Unexpected path `notes/x→y.md`: it does not exist')

    // Paths inside messages built before they are shown: `build -o`'s and
    // `preview -o`'s refusals, and a media link in a diagnostic, were `x>y.txt`, `a>b.png`.
    writeFileSync(join(cwd, 'x→y.txt'), 'not a deck\n')
    const output = runDecklabOnTerminal(['build', '-o', 'x→y.txt'], { cwd, env: cLocale })
    expect(output.status, output.output).toBe(2)
    expect(output.output).toContain('Unexpected output `x→y.txt`: it is not an `.apkg` name')
    const preview = runDecklabOnTerminal(['preview', '-o', 'x→y.txt'], { cwd, env: cLocale })
    expect(preview.status, preview.output).toBe(2)
    expect(preview.output).toContain('Unexpected output `x→y.txt`')
    writeFileSync(join(cwd, 'notes', 'media.md'), 'START\nBasic\nTwo?\nBack: ![[p→q.png]]\nEND\n')
    const media = runDecklabOnTerminal(['check'], { cwd, env: cLocale })
    expect(media.status, media.output).toBe(1)
    expect(media.output).toContain('missing-media Unexpected missing media file `p→q.png`')
    expect(media.output).toContain('1 error, 0 warnings')
    rmSync(join(cwd, 'notes', 'media.md'))

    // stats' last line names the state folder: as it is, and its control characters escaped.
    const state = join(cwd, 'st→\u001b[2Jx')
    const stats = runDecklabOnTerminal(['stats', '--state', state], { cwd, env: cLocale })
    expect(stats.status, stats.output).toBe(0)
    expect(stats.output).toContain(`state: ${join(cwd, 'st→\\x1b[2Jx')}\r\n`)
    expect(stats.output).toContain('Cards 1 | new 1')

    const path = join(cwd, 'a→b.sock')
    const serve = runDecklabOnTerminal(['lab', 'serve', 'stream-echo', '--path', path], {
      cwd,
      env: cLocale,
      wrap: ['timeout', '2'],
    })
    expect(serve.output).toContain(`READY ${path}\r\n`)
    expect(serve.output).toContain(`nc -U '${path}'`)
    expect(serve.output).toContain(`stopped; removed ${path}`)
  })
})
