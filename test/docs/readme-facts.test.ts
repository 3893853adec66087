// The README quotes the shipped course's counts and the keys of decklab's JSON documents;
// a reader checks them against what decklab prints. A note added to `notes/` without the
// README's counts, or a key renamed in a `--json` document the README shows, fails here.
// The checks spawn the built CLI; `verify`'s own verdicts need the labs (and root), so only
// what `check --json` tells is compared: the notes, and those linking no lab.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packageRoot } from '../../src/package-info.js'
import { runDecklab } from '../support/decklab.js'

const root = packageRoot()
const readme = readFileSync(join(root, 'README.md'), 'utf8')

/** The numbers `pattern` finds in the README (it must find them). */
function quoted(pattern: RegExp): number[] {
  const match = readme.match(pattern)
  expect(match, `README.md: ${pattern}`).not.toBeNull()
  return (match as RegExpMatchArray).slice(1).map(Number)
}

/** The keys a README sentence lists in braces, `{labs, notes, diagnostics, totals}`. */
function braced(after: string): string[] {
  const at = readme.indexOf(after)
  expect(at, `README.md: ${after}`).not.toBe(-1)
  // The code span after it, its outer braces and any nested list (`commands: [{…}]`) taken off.
  const span = readme.slice(at + after.length).match(/^`\{([^`]*)\}`/)?.[1] ?? ''
  return span
    .replace(/\[[^\]]*\]/g, '')
    .split(',')
    .map((key) => key.replace(/:.*/, '').replace(/[?"]/g, '').trim())
}

function json(args: string[], cwd = root): Record<string, unknown> {
  const run = runDecklab(args, { cwd })
  expect(run.stdout, run.stderr).not.toBe('')
  return JSON.parse(run.stdout) as Record<string, unknown>
}

/** The intro's counts of `verify` as root: confirmed, all notes, supported, unverified. */
const verdicts =
  /confirms (\d+) of its (\d+) notes[\s\S]*?marks (\d+) `supported`[\s\S]*?and (\d+) `unverified`/

interface CheckedNote {
  labs: string[]
}

describe("the README's counts of the shipped course", () => {
  const checked = json(['check', '--json', 'notes'])
  const notes = checked.notes as CheckedNote[]

  it('names as many notes as `check --json notes` reads', () => {
    const [confirmed, total, supported, unverified] = quoted(verdicts)
    expect(total).toBe(notes.length)
    expect((confirmed as number) + (supported as number) + (unverified as number)).toBe(total)
    const [userConfirmed, userSupported, userUnverified] = quoted(
      /\((\d+) confirmed, (\d+) supported, (\d+) unverified\)/,
    )
    expect((userConfirmed as number) + (userSupported as number) + (userUnverified as number)).toBe(
      total,
    )
    const [ids] = quoted(/all (\d+) `<!--ID: N-->` lines change/)
    expect(ids).toBe(notes.length)
  })

  it('counts as `unverified` (as root) the notes that link no lab, whose reason it gives', () => {
    const [, , , unverified] = quoted(verdicts)
    expect(notes.filter((note) => note.labs.length === 0).length).toBe(unverified)
  })
})

describe('the JSON documents the README shows', () => {
  let vault = ''
  // Made when the tests run (not when they are collected), so a filtered run leaves none.
  beforeAll(() => {
    vault = mkdtempSync(join(tmpdir(), 'decklab-readme-'))
    // One note that links no lab, so `verify` runs none, and one warning for the diagnostic.
    writeFileSync(
      join(vault, 'a.md'),
      'START\nBasic\nWhat is a socket?\nback: an endpoint\nLab: none: a definition\nEND\n',
    )
  })
  afterAll(() => rmSync(vault, { recursive: true, force: true }))

  it("check --json's diagnostics have the keys the command table lists", () => {
    const { diagnostics } = json(['check', '--json', 'a.md'], vault) as {
      diagnostics: Record<string, unknown>[]
    }
    expect(diagnostics.length).toBeGreaterThan(0)
    const keys = braced('With `--json`, each diagnostic is ')
    for (const diagnostic of diagnostics) {
      expect(Object.keys(diagnostic).sort()).toEqual(
        keys.filter((key) => key !== 'hint' || 'hint' in diagnostic).sort(),
      )
    }
  })

  it('verify --json prints the keys Verifying cards lists', () => {
    const document = json(['verify', '--json', 'a.md'], vault)
    expect(Object.keys(document).sort()).toEqual(braced('`verify --json` prints ').sort())
  })

  it('--version --json and --help --json print the keys Scripting lists', () => {
    expect(Object.keys(json(['--version', '--json']))).toEqual(
      braced('`decklab --version --json` prints '),
    )
    const command = json(['check', '--help', '--json'])
    expect(Object.keys(command).sort()).toEqual(
      braced('(or `decklab help <command> --json`) prints its help as ').sort(),
    )
    const option = (command.options as Record<string, unknown>[])[0] as Record<string, unknown>
    expect(Object.keys(option).sort()).toEqual(braced('each option ').sort())
    const top = json(['--help', '--json'])
    expect(Object.keys(top).sort()).toEqual(braced('`decklab --help --json` prints ').sort())
  })
})

describe("the README's quiz session", () => {
  let state = ''
  beforeAll(() => {
    state = mkdtempSync(join(tmpdir(), 'decklab-readme-quiz-'))
  })
  afterAll(() => rmSync(state, { recursive: true, force: true }))

  /** A card's screen as lines joined by spaces: header, question, answer, result. */
  function cards(text: string): string[] {
    return text
      .split(/(?=── card )/)
      .filter((part) => part.startsWith('── card '))
      .map((card) =>
        card
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== '' && !/^(grade:|1 Again|1–4|u undo|waiting)/.test(line))
          .join(' '),
      )
  }

  it('is what the command it names prints for its first two cards', () => {
    const sample = readme.match(/This is a real session[\s\S]*?```text\n([\s\S]*?)```/)?.[1]
    expect(sample).toBeDefined()
    const command = readme.match(/captured from tmux: `NO_COLOR=1 decklab quiz ([^`]*)`/)?.[1]
    expect(command).toBeDefined()
    const run = runDecklab(
      ['quiz', ...(command as string).split(' '), '--state', state, '--answers', '-'],
      { input: 'again\ngood\n' },
    )
    const printed = cards(run.stdout + run.stderr)
    const shown = cards(sample as string).slice(0, 2)
    expect(printed.length, run.stderr).toBeGreaterThanOrEqual(2)
    shown.forEach((card, index) => {
      // At 60 columns a long deck name is cut from its start (`…Sockets::IPC and …`).
      const [, head, deck, rest] = card.match(/^(── card \d+ of \d+ · )…?(.*?)( · \w+ ──.*)$/) ?? []
      const actual = printed[index] as string
      expect(actual.startsWith(head as string), actual).toBe(true)
      expect(
        actual
          .slice((head as string).length)
          .split(' · ')[0]
          ?.endsWith(deck as string),
      ).toBe(true)
      // The last card's screen runs on into the session's summary.
      const screen = actual.replace(/ Session: .*$/, '')
      expect(screen.slice(screen.indexOf(' · ', (head as string).length))).toBe(rest)
    })
  })
})
