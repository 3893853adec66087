import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it, onTestFinished } from 'vitest'
import { runDecklabAsync } from '../support/decklab.js'

const fixtureVault = fileURLToPath(new URL('../preview/fixtures/vault', import.meta.url))

function decklab(cwd: string, ...args: string[]) {
  return runDecklabAsync(args, { cwd })
}

/** A copy of the fixture vault as `notes/` in a fresh working directory. */
async function workspace(): Promise<string> {
  const cwd = await mkdtemp(join(tmpdir(), 'decklab-preview-cli-'))
  onTestFinished(() => rm(cwd, { recursive: true, force: true }))
  await cp(fixtureVault, join(cwd, 'notes'), { recursive: true })
  return cwd
}

describe('decklab preview', () => {
  it('--json writes dist/preview/ by default and prints one JSON document', async () => {
    const cwd = await workspace()
    const result = await decklab(cwd, 'preview', '--json')
    expect(result.code, result.stderr).toBe(0)
    const json = JSON.parse(result.stdout)
    expect(Object.keys(json)).toEqual(['output', 'written', 'cards', 'notes', 'diagnostics'])
    expect(json).toMatchObject({
      output: join('dist', 'preview'),
      written: true,
      cards: 10,
      notes: 7,
      diagnostics: [],
    })
    const html = await readFile(join(cwd, 'dist', 'preview', 'index.html'), 'utf8')
    expect(html.match(/<article class="dp-card"/g)).toHaveLength(10)
    expect(result.stderr).toMatch(
      /wrote dist\/preview\/index\.html \(10 cards from 7 notes, 1 media, \d+ ms\)/,
    )
  })

  // `build --deck` and `check --deck` put every note in one deck; the preview grouped the cards
  // by the decks the notes name, not the one the package puts them in, and refused the option.
  it('--deck shows every card in the deck build --deck puts them in, and refuses what build refuses', async () => {
    const cwd = await workspace()
    const result = await decklab(cwd, 'preview', '--deck', 'Course::2026', '--json')
    expect(result.code, result.stderr).toBe(0)
    const html = await readFile(join(cwd, 'dist', 'preview', 'index.html'), 'utf8')
    const decks = [...html.matchAll(/<article class="dp-card"[^>]* data-deck="([^"]*)"/g)]
    expect(decks).toHaveLength(10)
    expect(new Set(decks.map((match) => match[1]))).toEqual(new Set(['Course::2026']))
    const refused = await decklab(cwd, 'preview', '--deck', 'Course:: 2026', '--json')
    expect(refused.code).toBe(2)
    expect(JSON.parse(refused.stdout).error.code).toBe('usage')
  })

  it('marks cards from a verify report with the four verdicts', async () => {
    const cwd = await workspace()
    const report = {
      labs: [],
      notes: [
        {
          file: 'notes/cards.md',
          line: 39,
          id: 1700000000005,
          labs: ['stale-socket'],
          status: 'refuted',
          reason: 'observed ENOENT',
        },
        {
          file: 'notes/cards.md',
          line: 7,
          id: 1700000000001,
          labs: [],
          status: 'confirmed',
          reason: null,
        },
        {
          file: 'notes/cards.md',
          line: 15,
          id: 1700000000002,
          labs: ['stale-socket#file-still-there'],
          status: 'supported',
          reason: 'the check passed but publishes no value',
        },
      ],
    }
    await writeFile(join(cwd, 'verify.json'), JSON.stringify(report))
    const result = await decklab(cwd, 'preview', 'notes', '-o', 'site', '--verify', 'verify.json')
    expect(result.code, result.stderr).toBe(0)
    const html = await readFile(join(cwd, 'site', 'index.html'), 'utf8')
    expect(html.match(/dp-badge-refuted/g)).toHaveLength(1)
    expect(html.match(/dp-badge-confirmed/g)).toHaveLength(1)
    // The reversed note makes two cards; both carry its verdict.
    expect(html.match(/dp-badge-supported/g)).toHaveLength(2)
    expect(html.match(/dp-badge-unverified/g)).toHaveLength(6)
    expect(html).toContain('observed ENOENT')
    expect(html).toContain('the check passed but publishes no value')
    expect(html).toContain('<strong>2</strong> supported')
  })

  it('shows a card edited since `verify --json` as unverified, not with the old verdict', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'decklab-preview-cli-'))
    onTestFinished(() => rm(cwd, { recursive: true, force: true }))
    const note = (back: string) =>
      [
        'START',
        'Basic (type in the answer)',
        'What errno does connect() give for a path where no file exists?',
        `Back: ${back}`,
        'Lab: missing-socket#connect-enoent',
        '<!--ID: 1763799000001-->',
        'END',
        '',
      ].join('\n')
    await writeFile(join(cwd, 'cards.md'), note('ENOENT'))
    const verify = await decklab(cwd, 'verify', 'cards.md', '--json')
    expect(verify.code, verify.stderr).toBe(0)
    const report = JSON.parse(verify.stdout)
    expect(report.notes[0]).toMatchObject({
      status: 'confirmed',
      content: expect.stringMatching(/^content:[0-9a-f]{20}$/),
    })
    await writeFile(join(cwd, 'verify.json'), verify.stdout)
    const fresh = await decklab(
      cwd,
      'preview',
      'cards.md',
      '-o',
      'fresh',
      '--verify',
      'verify.json',
    )
    expect(fresh.code, fresh.stderr).toBe(0)
    expect(await readFile(join(cwd, 'fresh', 'index.html'), 'utf8')).toContain('dp-badge-confirmed')
    await writeFile(join(cwd, 'cards.md'), note('EPIPE'))
    const edited = await decklab(
      cwd,
      'preview',
      'cards.md',
      '-o',
      'site',
      '--verify',
      'verify.json',
    )
    expect(edited.code, edited.stderr).toBe(0)
    const html = await readFile(join(cwd, 'site', 'index.html'), 'utf8')
    expect(html).not.toContain('dp-badge-confirmed')
    expect(html).toContain('changed since the verify report (which said confirmed)')
  })

  it('writes the page listing error diagnostics, and exits 1', async () => {
    const cwd = await workspace()
    await writeFile(join(cwd, 'notes', 'broken.md'), 'START\nBasic\nFront: no end here\n')
    const result = await decklab(cwd, 'preview', '--json')
    expect(result.code).toBe(1)
    const json = JSON.parse(result.stdout)
    const error = json.diagnostics.find(
      (diagnostic: { severity: string }) => diagnostic.severity === 'error',
    )
    expect(error).toBeDefined()
    expect(json.cards).toBe(10)
    const html = await readFile(join(cwd, 'dist', 'preview', 'index.html'), 'utf8')
    expect(html).toContain(error.code)
    expect(result.stderr).toContain(`notes/broken.md:${error.line}`)
  })

  // An empty folder gave a page of 0 cards without a word, while check and build warn no-notes.
  it('warns no-notes, as check does, when it finds no card block', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'decklab-preview-cli-'))
    onTestFinished(() => rm(cwd, { recursive: true, force: true }))
    await writeFile(join(cwd, 'plain.md'), '# Only prose\n')
    const result = await decklab(cwd, 'preview', '.')
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/warning no-notes Unexpected empty deck/)
    const check = await decklab(cwd, 'check', '.', '--json')
    const json = JSON.parse((await decklab(cwd, 'preview', '.', '--json')).stdout)
    expect(json.diagnostics.map((diagnostic: { code: string }) => diagnostic.code)).toEqual(
      JSON.parse(check.stdout).diagnostics.map((diagnostic: { code: string }) => diagnostic.code),
    )
    // A folder typed by mistake is left as it was: no page of 0 cards, no `dist/`.
    expect(result.stderr).toContain('no page written: no notes to show')
    expect(json.written).toBe(false)
    expect(await readdir(cwd)).toEqual(['plain.md'])
    // A page written before is brought up to date: its notes are gone.
    await writeFile(join(cwd, 'card.md'), 'START\nBasic\nWhere is zebrafish?\nBack: a\nEND\n')
    expect((await decklab(cwd, 'preview', '.')).code).toBe(0)
    const page = join(cwd, 'dist', 'preview', 'index.html')
    expect(await readFile(page, 'utf8')).toContain('zebrafish')
    await rm(join(cwd, 'card.md'))
    const emptied = await decklab(cwd, 'preview', '.', '--json')
    expect(JSON.parse(emptied.stdout)).toMatchObject({ written: true, cards: 0 })
    expect(await readFile(page, 'utf8')).not.toContain('zebrafish')
  })

  it('exits 2 with a clear message for a bad report, a missing path or a foreign folder', async () => {
    const cwd = await workspace()
    await writeFile(join(cwd, 'verify.json'), 'not json')
    const badReport = await decklab(cwd, 'preview', '--verify', 'verify.json')
    expect(badReport.code).toBe(2)
    expect(badReport.stderr).toContain('verify.json')
    expect(badReport.stderr).not.toMatch(/\n\s+at /)

    const missing = await decklab(cwd, 'preview', 'no-such-folder')
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('no-such-folder')

    const foreign = await decklab(cwd, 'preview', '-o', 'notes')
    expect(foreign.code).toBe(2)
    expect(foreign.stderr).toContain('Unexpected files in `notes`')
  })

  it('--help names the options', async () => {
    const result = await decklab(await workspace(), 'preview', '--help')
    expect(result.code).toBe(0)
    const text = result.stdout + result.stderr
    for (const option of ['--output', '--verify', '--json']) expect(text).toContain(option)
  })
})
