import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import type { Io } from '../../src/cli/io.js'
import { command } from '../../src/commands/verify.js'
import { runDecklabAsync } from '../support/decklab.js'

/** Run the built binary in `cwd` (async: the labs it starts must not block the test worker). */
function decklab(cwd: string, ...args: string[]) {
  return runDecklabAsync(args, { cwd })
}

function block(lines: string[]): string {
  return ['START', ...lines, 'END', ''].join('\n')
}

// Three fast labs; one type-in card whose Back is wrong (ENOENT is the
// missing-socket answer, not the stale-socket one).
const vaultNotes = [
  block([
    'Basic (type in the answer)',
    'What errno does connect() give for a path where no file exists?',
    'Back: enoent',
    'Lab: missing-socket#connect-enoent',
    '<!--ID: 1763799000001-->',
  ]),
  block([
    'Basic (type in the answer)',
    'What errno does connect() give for a stale socket file?',
    'Back: ENOENT',
    'Lab: stale-socket#connect-refused',
    '<!--ID: 1763799000002-->',
  ]),
  block([
    'Basic',
    'What does a stream client get from a datagram socket?',
    'Back: An error: the socket types differ.',
    'Lab: wrong-socket-type',
    '<!--ID: 1763799000003-->',
  ]),
  block(['Basic', 'A card with no lab', 'Back: nothing to run', '<!--ID: 1763799000004-->']),
].join('\n')

const directories: string[] = []
afterEach(async () => {
  for (const directory of directories.splice(0))
    await rm(directory, { recursive: true, force: true })
})

async function vault(text: string): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'decklab-verify-'))
  directories.push(directory)
  await mkdir(join(directory, 'notes'))
  await writeFile(join(directory, 'notes', 'cards.md'), text)
  return directory
}

describe('decklab verify', () => {
  it('--json runs each linked lab once and judges every card; a wrong type-in Back is refuted (exit 1)', async () => {
    const cwd = await vault(vaultNotes)
    const result = await decklab(cwd, 'verify', '--json')
    expect(result.code, result.stderr).toBe(1)
    const report = JSON.parse(result.stdout) as {
      labs: Array<{ lab: string; status: string }>
      cards: Array<Record<string, unknown>>
    }
    expect(report.labs.map((lab) => [lab.lab, lab.status])).toEqual([
      ['missing-socket', 'pass'],
      ['stale-socket', 'pass'],
      ['wrong-socket-type', 'pass'],
    ])
    expect(report.cards).toEqual([
      {
        file: 'notes/cards.md',
        line: 1,
        id: 1763799000001,
        labs: ['missing-socket#connect-enoent'],
        status: 'confirmed',
        reason: null,
      },
      {
        file: 'notes/cards.md',
        line: 9,
        id: 1763799000002,
        labs: ['stale-socket#connect-refused'],
        status: 'refuted',
        reason: 'stale-socket#connect-refused: card says "ENOENT", kernel says "ECONNREFUSED"',
      },
      {
        file: 'notes/cards.md',
        line: 17,
        id: 1763799000003,
        labs: ['wrong-socket-type'],
        status: 'confirmed',
        reason: null,
      },
      {
        file: 'notes/cards.md',
        line: 25,
        id: 1763799000004,
        labs: [],
        status: 'unverified',
        reason: 'links no lab',
      },
    ])
    // Human output goes to stderr with --json; no progress lines without a terminal.
    expect(result.stderr).toContain(
      '3 labs (3 pass); 4 notes: 2 confirmed, 1 refuted, 1 unverified; 2 of 4 cards confirmed',
    )
    expect(result.stderr).not.toContain('[1/3]')
  })

  it('prints per-lab and per-card lines on stdout and exits 0 when nothing is refuted', async () => {
    const cwd = await vault(
      block([
        'Basic (type in the answer)',
        'What errno does connect() give for a path where no file exists?',
        'Back: ENOENT',
        'Lab: missing-socket#connect-enoent',
        '<!--ID: 1763799000011-->',
      ]),
    )
    const result = await decklab(cwd, 'verify')
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/^Labs\n {2}PASS {2}missing-socket \(\d+ ms\)\n\nCards\n/)
    expect(result.stdout).toContain(
      '  CONFIRMED  notes/cards.md:1 [missing-socket#connect-enoent]\n',
    )
    expect(result.stdout).toMatch(
      /1 lab \(1 pass\); 1 note: 1 confirmed, 0 refuted, 0 unverified; 1 of 1 cards confirmed\n$/,
    )
  })

  it('reports a link to an unknown lab as an `unknown-lab` error and exits 1', async () => {
    const cwd = await vault(
      block(['Basic', 'Front', 'Back: back', 'Lab: no-such-lab', '<!--ID: 1763799000021-->']),
    )
    const result = await decklab(cwd, 'verify', '--json')
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^notes\/cards\.md:5:6 error unknown-lab /m)
    const report = JSON.parse(result.stdout) as {
      labs: unknown[]
      cards: Array<{ status: string }>
    }
    expect(report.labs).toEqual([])
    expect(report.cards.map((card) => [card.status, card.reason])).toEqual([
      ['unverified', 'no-such-lab: no such lab'],
    ])
  })

  it('prints a progress line per lab on stderr when stderr is a terminal', async () => {
    const cwd = await vault(
      block(['Basic', 'Front', 'Back: back', 'Lab: missing-socket', '<!--ID: 1763799000031-->']),
    )
    const stdout = new PassThrough()
    const stderr = Object.assign(new PassThrough(), { isTTY: true })
    let errText = ''
    stderr.on('data', (chunk) => {
      errText += chunk
    })
    stdout.resume()
    const io: Io = {
      cwd,
      env: { NO_COLOR: '1' },
      stdin: new PassThrough(),
      stdout,
      stderr,
      now: () => new Date('2026-01-01T00:00:00Z'),
      signal: new AbortController().signal,
    }
    const code = await command.run({ values: {}, positionals: [] }, io)
    expect(code).toBe(0)
    expect(errText).toMatch(
      /^\[1\/1\] missing-socket …\r\u001b\[K\[1\/1\] PASS {2}missing-socket \(\d+ ms\)\n$/,
    )
  })
})
