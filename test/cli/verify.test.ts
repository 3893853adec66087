import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { command } from '../../src/commands/verify/command.js'
import { judgeMutants, judgeNote } from '../../src/commands/verify/judge-rendered.js'
import { apartChars } from '../../src/commands/verify/judging-thread.js'
import { unprivilegedUser } from '../../src/labs/requirements.js'
import type { LabResult } from '../../src/model/lab-result.js'
import { loadVault } from '../../src/notes/load-vault.js'
import type { Io } from '../../src/terminal/io.js'
import { runningAsRoot } from '../labs/support/lab-result.js'
import { runDecklabAsync } from '../support/decklab.js'
import { installedCopy } from '../support/installed-copy.js'
import { runDecklabOnTerminal, terminalUnavailable } from '../support/on-terminal.js'

// As root, labs drop to uid 65534 (`nobody`) for their unprivileged peers.
const nobody = runningAsRoot ? await unprivilegedUser() : undefined

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
  // A lab that needs longer than the default deadline passed `lab run --deadline` and was an
  // error in verify, which had no way to give it more time.
  it('--deadline gives each lab that many milliseconds, as lab run does', async () => {
    // stale-socket binds, closes and connects: more than 1 ms, and passing in the default time.
    const cwd = await vault(
      'START\nBasic\nWhat does connect() give on a stale socket file?\nBack: ECONNREFUSED\nLab: stale-socket#connect-refused\nEND\n',
    )
    const short = await decklab(cwd, 'verify', '--json', '--deadline', '1')
    const [lab] = JSON.parse(short.stdout).labs
    expect(lab).toMatchObject({ lab: 'stale-socket', status: 'error' })
    // Run again with three times as long; a deadline under 0.5 s is too short to tell a
    // busy machine from a stuck lab, so the run stays an error (exit 1).
    expect(lab.reason).toBe('deadline exceeded (1 ms, and 3 ms when run again)')
    expect(lab.outOfTime).toEqual({ deadlinesMs: [1, 3], othersBusyPercent: null, busy: false })
    expect(short.code).toBe(1)
    const long = await decklab(cwd, 'verify', '--json', '--deadline', '60000')
    expect(JSON.parse(long.stdout).labs[0]).toMatchObject({ lab: 'stale-socket', status: 'pass' })
    const refused = await decklab(cwd, 'verify', '--deadline', '0')
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('`--deadline` expects a whole number of milliseconds')
  })

  it('--json runs each linked lab once and judges every note; a wrong type-in Back is refuted (exit 1)', async () => {
    const cwd = await vault(vaultNotes)
    const result = await decklab(cwd, 'verify', '--json')
    expect(result.code, result.stderr).toBe(1)
    const report = JSON.parse(result.stdout) as {
      labs: Array<{ lab: string; status: string }>
      notes: Array<Record<string, unknown>>
      totals: unknown
    }
    expect(report.labs.map((lab) => [lab.lab, lab.status])).toEqual([
      ['missing-socket', 'pass'],
      ['stale-socket', 'pass'],
      ['wrong-socket-type', 'pass'],
    ])
    expect(report.notes.map(({ links, ...rest }) => rest)).toEqual([
      {
        file: 'notes/cards.md',
        line: 1,
        content: expect.stringMatching(/^content:[0-9a-f]{20}$/),
        id: 1763799000001,
        noteType: 'Basic (type in the answer)',
        question: 'What errno does connect() give for a path where no file exists?',
        cards: 1,
        labs: ['missing-socket#connect-enoent'],
        status: 'confirmed',
        reason: null,
      },
      {
        file: 'notes/cards.md',
        line: 9,
        content: expect.stringMatching(/^content:[0-9a-f]{20}$/),
        id: 1763799000002,
        noteType: 'Basic (type in the answer)',
        question: 'What errno does connect() give for a stale socket file?',
        cards: 1,
        labs: ['stale-socket#connect-refused'],
        status: 'refuted',
        reason: 'stale-socket#connect-refused: card says "ENOENT", kernel says "ECONNREFUSED"',
      },
      {
        file: 'notes/cards.md',
        line: 17,
        content: expect.stringMatching(/^content:[0-9a-f]{20}$/),
        id: 1763799000003,
        noteType: 'Basic',
        question: 'What does a stream client get from a datagram socket?',
        cards: 1,
        labs: ['wrong-socket-type'],
        status: 'supported',
        reason:
          'wrong-socket-type: the lab passed, but a link to a whole lab compares nothing; link lab#check',
      },
      {
        file: 'notes/cards.md',
        line: 25,
        content: expect.stringMatching(/^content:[0-9a-f]{20}$/),
        id: 1763799000004,
        noteType: 'Basic',
        question: 'A card with no lab',
        cards: 1,
        labs: [],
        status: 'unverified',
        reason: 'links no lab, so nothing compared its answer with the kernel',
      },
    ])
    // For each link: what the card says beside what the kernel said.
    expect(report.notes[1]?.links).toEqual([
      {
        link: 'stale-socket#connect-refused',
        status: 'refuted',
        reason: 'stale-socket#connect-refused: card says "ENOENT", kernel says "ECONNREFUSED"',
        values: [
          { kind: 'errno', label: null, kernel: 'ECONNREFUSED', card: 'ENOENT', agrees: false },
        ],
      },
    ])
    expect(report.totals).toEqual({
      notes: { confirmed: 1, supported: 1, refuted: 1, unverified: 1 },
      cards: { confirmed: 1, supported: 1, refuted: 1, unverified: 1 },
    })
    // Human output goes to stderr with --json; no progress lines without a terminal.
    expect(result.stderr).toContain('4 notes: 1 confirmed, 1 supported, 1 refuted, 1 unverified')
    expect(result.stderr).not.toContain('[1/3]')
  })

  it('--help names every field a --json note, link and value has', async () => {
    // The help listed a note's fields without `content`, which the README and the
    // document have: a script written from `--help` did not know the key.
    const cwd = await vault(`${vaultNotes.split('END\n')[0]}END\n`)
    const result = await decklab(cwd, 'verify', '--json')
    expect(result.code, result.stderr).toBe(0)
    const report = JSON.parse(result.stdout) as {
      notes: Array<Record<string, unknown> & { links: Array<Record<string, unknown>> }>
    }
    const note = report.notes[0] as (typeof report.notes)[number]
    const link = note.links[0] as Record<string, unknown>
    const value = (link.values as Array<Record<string, unknown>>)[0] as Record<string, unknown>
    const help = JSON.parse((await decklab(cwd, 'verify', '--help', '--json')).stdout) as {
      options: Array<{ name: string; description: string }>
    }
    const described = help.options.find((option) => option.name === 'json')?.description ?? ''
    const named = new Set(described.match(/[a-zA-Z]+/g))
    const keys = [...Object.keys(note), ...Object.keys(link), ...Object.keys(value)]
    expect(keys.filter((key) => !named.has(key))).toEqual([])
  })

  it('prints each note with its question, the reasons of those not confirmed, and totals', async () => {
    const cwd = await vault(vaultNotes)
    const result = await decklab(cwd, 'verify')
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(
      /^Labs\n {2}PASS {4}missing-socket \(1\/1 checks passed, \d+ ms\)\n/,
    )
    expect(result.stdout).toContain(
      '\nNotes\n  CONFIRMED  notes/cards.md:1  What errno does connect() give for a path where no file exists?\n  REFUTED    notes/cards.md:9  What errno does connect() give for a stale socket file?\n             stale-socket#connect-refused: card says "ENOENT", kernel says "ECONNREFUSED"\n',
    )
    expect(result.stdout).toMatch(
      /\n3 labs \(3 pass\)\n4 notes: 1 confirmed, 1 supported, 1 refuted, 1 unverified\n4 cards: 1 confirmed, 1 supported, 1 refuted, 1 unverified\n$/,
    )
  })

  // The question was cut at 89 UTF-16 units: an emoji there lost half of itself, printed as U+FFFD.
  it('cuts a long question between characters, never inside one', async () => {
    const question = `${'q'.repeat(88)}🚀 and the rest of a long question`
    const cwd = await vault(block(['Basic', question, 'Back: b', '<!--ID: 1763799000009-->']))
    const result = await decklab(cwd, 'verify')
    expect(result.stdout).not.toContain('\uFFFD')
    expect(result.stdout).toContain(`notes/cards.md:1  ${'q'.repeat(88)}…\n`)
  })

  // On a terminal narrower than the line a lab starts, the terminal wrapped it and the line of
  // its result erased only the last row: the first stayed on the screen.
  it.skipIf(terminalUnavailable !== undefined)(
    'cuts the line of a lab running to one row of a narrow terminal',
    async () => {
      const cwd = await vault(vaultNotes.split('\nSTART')[0]!)
      const { output } = runDecklabOnTerminal(['verify'], { cwd, env: { COLUMNS: '16' } })
      expect(output).toContain('[1/1] missing-…\r')
      expect(output).not.toContain('[1/1] missing-socket …')
    },
  )

  // A lab run again after running out of time kept its `[1/1] id …` line without a word of why
  // the wait went on.
  it.skipIf(terminalUnavailable !== undefined)(
    'says on its progress line that a lab that ran out of time runs again, and for how long',
    async () => {
      const cwd = await vault(
        'START\nBasic\nWhat does connect() give on a stale socket file?\nBack: ECONNREFUSED\nLab: stale-socket#connect-refused\nEND\n',
      )
      const { output } = runDecklabOnTerminal(['verify', '--deadline', '1'], { cwd })
      expect(output).toContain(
        '[1/1] stale-socket: deadline exceeded (1 ms); running it again with 3 ms …',
      )
      expect(output).toContain('[1/1] ERROR   stale-socket (0/3 checks passed, 3 skipped, ')
    },
  )

  it('says why a note is not confirmed when every link it has is', async () => {
    // A reversed card: the link is confirmed by the Back, but card 2's Front states nothing.
    const cwd = await vault(
      block([
        'Basic (and reversed card)',
        'Unix-domain socket (UDS)',
        'Back: A socket in the AF_UNIX family, addressed by a filesystem path.',
        'Lab: stream-echo#socket-file-created',
        '<!--ID: 1763799000011-->',
      ]),
    )
    const json = await decklab(cwd, 'verify', '--json')
    const report = JSON.parse(json.stdout) as {
      notes: Array<{ status: string; reason?: string; links: Array<{ status: string }> }>
    }
    const [note] = report.notes
    expect(note?.status).toBe('supported')
    expect(note?.links.map((link) => link.status)).toEqual(['confirmed'])
    expect(note?.reason).toBeTruthy()
    const human = await decklab(cwd, 'verify')
    expect(human.stdout).toContain(
      `  SUPPORTED  notes/cards.md:1  Unix-domain socket (UDS)\n             ${note?.reason}\n`,
    )
  })

  // A report of 0 notes could pass for a vault that verifies: a mistyped folder says so, as check does.
  it('warns no-notes when the paths read hold no card block', async () => {
    const cwd = await vault('# Sockets\n\nNo card block here.\n')
    const human = await decklab(cwd, 'verify')
    expect(human.code, human.stderr).toBe(0)
    expect(human.stderr).toContain('notes:1:1 warning no-notes Unexpected empty deck')
    const json = await decklab(cwd, 'verify', '--json')
    const report = JSON.parse(json.stdout) as { diagnostics: Array<{ code: string }> }
    expect(report.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['no-notes'])
  })

  it('--failures lists only the notes that are not confirmed, and still counts them all', async () => {
    const cwd = await vault(vaultNotes)
    const human = await decklab(cwd, 'verify', '--failures')
    expect(human.stdout).toContain('\nNotes not confirmed\n  REFUTED    notes/cards.md:9 ')
    expect(human.stdout).not.toContain('notes/cards.md:1 ')
    expect(human.stdout).toContain('4 notes: 1 confirmed, 1 supported, 1 refuted, 1 unverified')
    const json = await decklab(cwd, 'verify', '--failures', '--json')
    const report = JSON.parse(json.stdout) as { notes: Array<{ line: number }> }
    expect(report.notes.map((note) => note.line)).toEqual([9, 17, 25])
  })

  it('--mutants judges wrong answers against the same results and lists the notes whose mutants survive', async () => {
    const cwd = await vault(
      [
        block([
          'Basic (type in the answer)',
          'What errno does connect() give for a path where no file exists?',
          'Back: ENOENT',
          'Lab: missing-socket#connect-enoent',
          '<!--ID: 1763799000041-->',
        ]),
        block([
          'Basic',
          'What does a stream client get from a datagram socket?',
          'Back: connect() always fails with EPROTOTYPE.',
          'Lab: wrong-socket-type',
          '<!--ID: 1763799000042-->',
        ]),
      ].join('\n'),
    )
    const result = await decklab(cwd, 'verify', '--mutants', '--json')
    expect(result.code, result.stderr).toBe(0)
    const report = JSON.parse(result.stdout) as {
      labs: Array<{ lab: string }>
      mutants: { total: number; caught: number; survivors: Array<Record<string, unknown>> }
    }
    // Each lab ran once: the mutants reuse the results.
    expect(report.labs.map((lab) => lab.lab)).toEqual(['missing-socket', 'wrong-socket-type'])
    expect(report.mutants.total).toBe(4)
    expect(report.mutants.caught).toBe(1)
    const why = 'the note is supported as written, so its text is not compared'
    expect(report.mutants.survivors).toEqual([
      {
        file: 'notes/cards.md',
        line: 9,
        id: 1763799000042,
        noteType: 'Basic',
        question: 'What does a stream client get from a datagram socket?',
        original: 'supported',
        mutants: [
          {
            kind: 'claim',
            field: 'Back',
            from: 'always',
            to: 'never',
            near: 'connect() [always] fails with',
            status: 'supported',
            why,
          },
          {
            kind: 'claim',
            field: 'Back',
            from: 'fails',
            to: 'succeeds',
            near: 'always [fails] with',
            status: 'supported',
            why,
          },
          {
            kind: 'errno',
            field: 'Back',
            from: 'EPROTOTYPE',
            to: 'EINVAL',
            near: 'fails with [EPROTOTYPE].',
            status: 'supported',
            why,
          },
        ],
      },
    ])
    expect(result.stderr).toContain('\nNotes whose mutants survive\n  notes/cards.md:9  ')
    expect(result.stderr).toContain(`      EPROTOTYPE → EINVAL in Back: supported — ${why}\n`)
    expect(result.stderr).toMatch(/\n1 of 4 mutants caught \(25\.0%\)\n$/)
  })

  // A note this big is judged on a thread of its own (`judging-thread.ts`), which a signal
  // can end: the verdict and the mutants it gives are the ones judged here, in the test's
  // process, which has no compiled thread module and judges on its own thread.
  it('judges a big note on its thread as on the main one, its mutants too', async () => {
    // A few values, each giving a mutant, and a long paragraph that gives none.
    const answer =
      'After close() the socket file stays on disk, and a new bind() to it fails with EADDRINUSE.'
    const back = `${answer}\n\n${'The path names a file in its folder. '.repeat(120)}`
    expect(back.length).toBeGreaterThan(apartChars)
    const cwd = await vault(
      block([
        'Basic',
        'What happens to a socket file after close()?',
        `Back: ${back}`,
        'Lab: socket-file-persists#file-outlives-close, socket-file-persists#rebind-eaddrinuse',
        '<!--ID: 1763799000051-->',
      ]),
    )
    const result = await decklab(cwd, 'verify', '--json', '--mutants')
    const report = JSON.parse(result.stdout)
    const results = new Map<string, LabResult>(report.labs.map((lab: LabResult) => [lab.lab, lab]))
    const [note] = (await loadVault({ cwd })).notes
    const here = judgeNote(note!, results)
    expect(here.status, here.reason).toBe('confirmed')
    expect(report.notes[0]).toMatchObject({
      status: here.status,
      reason: here.reason ?? null,
      links: here.links,
    })
    const mutants = await judgeMutants([note!], results)
    expect(mutants.total).toBeGreaterThan(0)
    expect(report.mutants).toMatchObject({
      total: mutants.total,
      caught: mutants.caught,
      heldBack: mutants.heldBack,
      byKind: mutants.byKind,
    })
  }, 60_000)

  it('--mutants with no wrong answer to derive says so, not an empty list', async () => {
    const cwd = await vault(
      block([
        'Basic',
        'What colour is the sky?',
        'Back: blue',
        'Lab: none: an opinion',
        '<!--ID: 1763799000043-->',
      ]),
    )
    const result = await decklab(cwd, 'verify', '--mutants')
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain(
      '\nMutants\n  none: no answer here gave a wrong answer to derive\n',
    )
    expect(result.stdout).not.toContain('by class of mutation')
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
      notes: Array<{ status: string; reason: string }>
    }
    expect(report.labs).toEqual([])
    expect(report.notes.map((note) => [note.status, note.reason])).toEqual([
      ['unverified', 'no-such-lab: no such lab'],
    ])
    // The human report does not say that no card links a lab: this one does, to an unknown lab.
    const human = await decklab(cwd, 'verify')
    expect(human.code).toBe(1)
    expect(human.stdout).toContain(
      'Labs\n  (no lab run: no lab a card links is known here, see the unknown-lab errors)\n',
    )
  })

  it('says a note whose only lab link is malformed has a malformed link, naming it and its line', async () => {
    const cwd = await vault(
      [
        block(['Basic', 'Front', 'Back: back', 'Lab: stale socket', '<!--ID: 1763799000022-->']),
        block(['Basic', 'Front', 'Back: back', 'Lab: none', '<!--ID: 1763799000023-->']),
      ].join('\n'),
    )
    const result = await decklab(cwd, 'verify', '--json')
    expect(result.stderr).toMatch(/^notes\/cards\.md:5:6 warning malformed-lab-link /m)
    const report = JSON.parse(result.stdout) as {
      notes: Array<{ status: string; reason: string }>
      diagnostics: Array<{ line: number; column: number; code: string }>
    }
    // What stderr says is in the document too.
    expect(report.diagnostics).toContainEqual(
      expect.objectContaining({ line: 5, column: 6, code: 'malformed-lab-link' }),
    )
    const why = 'so it links no lab and nothing compared its answer with the kernel'
    expect(report.notes.map((note) => [note.status, note.reason])).toEqual([
      ['unverified', `its lab link \`stale socket\` (line 5) is malformed, ${why}`],
      ['unverified', `its lab link \`none\` (line 13) is malformed, ${why}`],
    ])
    // A malformed `labs` entry in the front matter is every note's.
    const fromFrontMatter = await vault(
      `---\nlabs: [Stale-Socket]\n---\n${block(['Basic', 'Front', 'Back: back', '<!--ID: 1763799000024-->'])}`,
    )
    const second = JSON.parse((await decklab(fromFrontMatter, 'verify', '--json')).stdout) as {
      notes: Array<{ reason: string }>
    }
    expect(second.notes.map((note) => note.reason)).toEqual([
      `its lab link \`Stale-Socket\` (line 2) is malformed, ${why}`,
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
      /^\[1\/1\] missing-socket …\r\u001b\[K\[1\/1\] PASS {4}missing-socket \(1\/1 checks passed, \d+ ms\)\n$/,
    )
  })

  // socket-permissions drops to uid 65534, which a 0700 TMPDIR shuts out of the lab folder.
  it.skipIf(!nobody)(
    'leaves a card unverified, not refuted, when a private TMPDIR hides the lab from uid 65534 (needs root and user nobody)',
    async () => {
      const cwd = await vault(
        block([
          'Basic',
          'What does a client need on a pathname socket file to connect?',
          'Back: write permission on the socket file',
          'Lab: socket-permissions#write-permission-allows',
          '<!--ID: 1763799000041-->',
        ]),
      )
      const priv = await mkdtemp(join(tmpdir(), 'decklab-private-'))
      directories.push(priv)
      const result = await runDecklabAsync(['verify', '--json'], { cwd, env: { TMPDIR: priv } })
      expect(result.code, result.stderr).toBe(0)
      const report = JSON.parse(result.stdout) as {
        notes: Array<{ status: string; reason: string }>
      }
      expect(report.notes.map((note) => [note.status, note.reason])).toEqual([
        [
          'unverified',
          `socket-permissions#write-permission-allows: check skipped: the lab folder under TMPDIR is not reachable by uid 65534 (${priv} is 0700)`,
        ],
      ])
    },
  )

  it('counts a lab that passed with a check skipped as partial, not as a pass, in the summary', async () => {
    const install = await installedCopy()
    await writeFile(
      join(install, 'lib/labs/half-done.js'),
      `export default {
  id: 'half-done',
  title: 'One check runs, one is skipped',
  summary: 'A test lab.',
  requires: ['linux'],
  checks: ['ran', 'skipped'],
  serve: null,
  async run(context) {
    context.check({ name: 'ran', pass: true, expected: 'yes', observed: 'yes' })
    context.skipCheck('skipped', 'not here')
  },
}
`,
    )
    const cwd = await vault(
      [
        block(['Basic', 'Front', 'Back: back', 'Lab: half-done#ran', '<!--ID: 1763799000061-->']),
        block([
          'Basic',
          'What does a stream client get from a datagram socket?',
          'Back: An error: the socket types differ.',
          'Lab: wrong-socket-type',
          '<!--ID: 1763799000062-->',
        ]),
      ].join('\n'),
    )
    const result = await runDecklabAsync(['verify'], { cwd, bin: join(install, 'lib/src/main.js') })
    expect(result.stdout).toMatch(/\n {2}PARTIAL half-done \(1\/2 checks passed, 1 skipped/)
    expect(result.stdout).toContain('\n2 labs (1 pass, 1 partial)\n')
  })

  it('says why a linked lab failed to load, in its diagnostic, the labs and the verdict', async () => {
    const install = await installedCopy()
    await writeFile(join(install, 'lib/labs/broken-one.js'), "throw new Error('boom at import')\n")
    const cwd = await vault(
      block(['Basic', 'Front', 'Back: back', 'Lab: broken-one#x', '<!--ID: 1763799000051-->']),
    )
    const result = await runDecklabAsync(['verify', '--json'], {
      cwd,
      bin: join(install, 'lib/src/main.js'),
    })
    const problem =
      'labs/broken-one.ts: cannot import: boom at import (at lib/labs/broken-one.js:1:7)'
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      `notes/cards.md:5:6 error unknown-lab Unexpected lab \`broken-one\` that failed to load (${problem}), expected a lab module that loads (see \`decklab lab list\`)`,
    )
    expect(result.stderr).not.toContain('expected a lab id')
    const report = JSON.parse(result.stdout) as {
      labs: Array<{ lab: string; status: string; reason: string }>
      notes: Array<{ status: string; reason: string }>
    }
    expect(report.labs.map(({ lab, status, reason }) => ({ lab, status, reason }))).toEqual([
      { lab: 'broken-one', status: 'error', reason: `failed to load: ${problem}` },
    ])
    expect(report.notes.map((note) => [note.status, note.reason])).toEqual([
      ['unverified', `broken-one#x: lab error: failed to load: ${problem}`],
    ])
  })
})
