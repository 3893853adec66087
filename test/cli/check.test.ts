import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { decklabBin, runDecklab } from '../support/decklab.js'

// Spawns the built binary (`npx tsc -p .` first), as a user runs it.

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'decklab-check-cli-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function write(path: string, content: string) {
  await mkdir(dirname(join(dir, path)), { recursive: true })
  await writeFile(join(dir, path), content)
}

function check(args: string[], env: Record<string, string> = { NO_COLOR: '1' }) {
  return runDecklab(['check', ...args], {
    cwd: dir,
    env: { FORCE_COLOR: '', NO_COLOR: '', ...env },
  })
}

const good =
  'TARGET DECK: Sockets\n\nSTART\nBasic\nWhat is AF_UNIX?\nBack: Local sockets.\nTags: unix\n<!--ID: 1700000000001-->\nEND\n\nSTART\nCloze\nA {{c1::path}} or {{c2::abstract}} name\nEND\n'

describe('decklab check', () => {
  it('prints the JSON contract on stdout and a summary on stderr, exit 0', async () => {
    await write('notes/a.md', good)
    const result = check(['--json'])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({
      notes: [
        {
          file: 'notes/a.md',
          line: 3,
          kind: 'block',
          noteType: 'Basic',
          id: 1700000000001,
          deck: 'Sockets',
          tags: ['unix'],
          fields: { Front: 'What is AF_UNIX?', Back: 'Local sockets.' },
          labs: [],
          cards: 1,
        },
        {
          file: 'notes/a.md',
          line: 11,
          kind: 'block',
          noteType: 'Cloze',
          id: null,
          deck: 'Sockets',
          tags: [],
          fields: { Text: 'A {{c1::path}} or {{c2::abstract}} name', 'Back Extra': '' },
          labs: [],
          cards: 2,
        },
      ],
      diagnostics: [],
      // The notes the last build packaged and `build` would name removed (no build here).
      removed: { ids: [], search: null },
    })
    expect(result.stderr).toBe('2 notes, 3 cards in 1 file; 0 errors, 0 warnings\n')
  })

  it('prints one line per diagnostic and exits 1 on errors', async () => {
    await write('v/bad.md', 'START\nBasci\nQ\nEND\n\nSTART\nBasic\nnever closed\n')
    await write('v/warn.md', 'START\nBasic\nQ\nBack: A\nEND here\n')
    const result = check(['v'])
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr.split('\n')).toEqual([
      'v/bad.md:2:1 error unknown-note-type Unexpected note type `Basci`, expected a known note type such as `Basic`',
      '  hint: did you mean `Basic`?',
      'v/bad.md:6:1 error unterminated-block Unexpected end of file, expected `END` to close this block',
      '  hint: the block is skipped',
      'v/warn.md:5:5 warning end-not-alone Unexpected text after `END`, expected `END` alone on its line',
      '  hint: the block ends here; the rest of the line is not part of the note',
      '1 note, 1 card in 2 files; 2 errors, 1 warning',
      '',
    ])
  })

  it('exits 0 with warnings only, and lists them in JSON', async () => {
    await write('v/a.md', 'START\nBasic\nQ\nBack: A\nEND here\n')
    const result = check(['v/a.md', '--json'])
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout)
    expect(report.diagnostics).toEqual([
      {
        file: 'v/a.md',
        line: 5,
        // The text after `END`, past its blank: `here`; the end is exclusive.
        column: 5,
        endLine: 5,
        endColumn: 9,
        severity: 'warning',
        code: 'end-not-alone',
        message: 'Unexpected text after `END`, expected `END` alone on its line',
        hint: 'the block ends here; the rest of the line is not part of the note',
      },
    ])
  })

  it('reads one file of 150,000 notes, and reports 140,000 unclosed blocks, with no internal error', async () => {
    // Each array of a file's notes or diagnostics once went to push() as arguments: the stack overflowed.
    let notes = ''
    for (let index = 0; index < 150_000; index++) notes += `START\nBasic\nq${index}\nBack: a\nEND\n`
    await write('big.md', notes)
    await write('starts.md', 'START\n'.repeat(140_000))
    const big = check(['big.md'])
    expect(big.stderr).toContain('150000 notes, 150000 cards in 1 file; 0 errors')
    expect(big.code).toBe(0)
    // 140,000 diagnostic lines: more than runDecklab's pipe buffer keeps.
    const starts = spawnSync(process.execPath, [decklabBin, 'check', 'starts.md'], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: '1' },
    })
    expect(starts.status).toBe(1)
    expect(starts.stderr).not.toContain('internal')
    expect(starts.stderr).toContain('0 notes, 0 cards in 1 file; 140000 errors')
  }, 120_000)

  it('ends a long listing with the count of each code, and a short one without', async () => {
    // A big old vault's thousands of lines were one or two problems repeated, and the
    // report said only `0 errors, 30000 warnings`: which ones took scrolling or grep.
    for (let index = 0; index < 12; index++) {
      await write(`v/n${index}.md`, 'START\nBasic\nQ\nback: lower case\nEND\n')
    }
    await write('v/stray.md', 'END\n')
    await writeFile(join(dir, 'v/latin1.md'), Buffer.from('caf\xe9\n', 'latin1'))
    const long = check(['v'])
    expect(long.code).toBe(1)
    expect(long.stderr).toMatch(
      /\nerrors by code: 1 not-utf8\nwarnings by code: 12 empty-answer, 12 field-prefix-case, 1 stray-end\n12 notes, 12 cards in 13 files; 1 error, 25 warnings\n$/,
    )
    await write('w/a.md', 'START\nBasic\nQ\nback: lower case\nEND\n')
    const short = check(['w'])
    expect(short.stderr).not.toContain('by code')
    expect(short.stderr).toMatch(/\n1 note, 1 card in 1 file; 0 errors, 2 warnings\n$/)
  })

  it('warns each cloze opener no `}}` closes, not only the first', async () => {
    // Both deletions are text to Anki and make no card; only `{{c2::` was said, so the
    // author who closed it lost c3 without a word until the next check.
    await write('v/a.md', 'START\nCloze\nA {{c1::a}} {{c2::b and {{c3::c\nEND\n')
    await write('v/b.md', 'START\nCloze\nA `code` {{c1::a}} {{c2::b and {{c3::c\nEND\n')
    const result = check(['v', '--json'])
    expect(result.code, result.stderr).toBe(0)
    const report = JSON.parse(result.stdout) as {
      diagnostics: Array<{ file: string; line: number; column: number; code: string }>
    }
    expect(
      report.diagnostics.map(({ file, line, column, code }) => `${file}:${line}:${column} ${code}`),
    ).toEqual([
      'v/a.md:3:13 unclosed-cloze',
      'v/a.md:3:25 unclosed-cloze',
      'v/b.md:3:20 unclosed-cloze',
      'v/b.md:3:32 unclosed-cloze',
    ])
  })

  it('warns each empty cloze deletion, not only the first', async () => {
    await write('v/a.md', 'START\nCloze\nA {{c1::x}} {{c2::}} and {{c3::::hint}}\nEND\n')
    const result = check(['v', '--json'])
    expect(result.code, result.stderr).toBe(0)
    const report = JSON.parse(result.stdout) as {
      diagnostics: Array<{ line: number; column: number; code: string; message: string }>
    }
    const empty = report.diagnostics.filter(({ code }) => code === 'empty-cloze')
    expect(empty.map(({ line, column, message }) => [line, column, message])).toEqual([
      [3, 13, 'Unexpected empty cloze deletion `{{c2::}}`, expected the text it hides'],
      [3, 26, 'Unexpected empty cloze deletion `{{c3::::hint}}`, expected the text it hides'],
    ])
  })

  it('is a usage error (exit 2) for a path that does not exist', () => {
    const result = check(['no-such-folder'])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('`no-such-folder`: it does not exist')
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  it('overrides every deck with --deck', async () => {
    await write('notes/a.md', good)
    const report = JSON.parse(check(['--json', '--deck', 'Other::Deck']).stdout)
    expect(report.notes.map((note: { deck: string }) => note.deck)).toEqual([
      'Other::Deck',
      'Other::Deck',
    ])
  })

  it('reports lab links to labs that do not exist', async () => {
    await write('notes/a.md', 'START\nBasic\nQ\nBack: A\nLab: no-such-lab\nEND\n')
    const result = check(['--json'])
    const report = JSON.parse(result.stdout)
    expect(report.notes[0].labs).toEqual(['no-such-lab'])
    expect(
      report.diagnostics.map(
        (d: { code: string; line: number; column: number }) => `${d.line}:${d.column} ${d.code}`,
      ),
    ).toEqual(['5:6 unknown-lab'])
    expect(result.code).toBe(1)
  })

  it("places each front matter `labs` entry's error at that entry, not at the `labs:` key", async () => {
    await write(
      'notes/a.md',
      '---\nlabs:\n  - stale-socket#nope\n  - no-such-lab\n  - missing-socket, stale-sockt\n---\nSTART\nBasic\nQ\nBack: A\nEND\n',
    )
    await write(
      'notes/b.md',
      '---\nlabs: missing-socket, Bad!\n---\nSTART\nBasic\nQ\nBack: A\nEND\n',
    )
    const result = check([])
    expect(result.code).toBe(1)
    const places = result.stderr
      .split('\n')
      .filter((line) => / error /.test(line))
      .map((line) => line.split(' ').slice(0, 3).join(' '))
    expect(places).toEqual([
      'notes/a.md:3:5 error unknown-lab',
      'notes/a.md:4:5 error unknown-lab',
      'notes/a.md:5:21 error unknown-lab',
      'notes/b.md:2:23 error malformed-lab-link',
    ])
  })

  it('warns at a `Tags:` line above a `Lab:` line, whose tags would be lost as answer text', async () => {
    await write(
      'notes/a.md',
      [
        'START\nBasic\nQ1\nBack: A1\nTags: lost\nLab: missing-socket#connect-enoent\nEND\n',
        'START\nBasic\nQ2\nBack: A2\nLab: missing-socket#connect-enoent\nTags: kept\nEND\n',
        'START\nBasic\nQ3\nBack: ```\nTags: code\n```\nTags\\: text\nEND\n',
      ].join('\n'),
    )
    const result = check(['--json'])
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout)
    expect(
      report.diagnostics.map(
        (d: { code: string; line: number; column: number }) => `${d.line}:${d.column} ${d.code}`,
      ),
    ).toEqual(['5:1 tags-not-last'])
    expect(report.diagnostics[0].hint).toContain('just before `END`')
    expect(report.notes.map((note: { tags: string[] }) => note.tags)).toEqual([[], ['kept'], []])
  })

  it('places the warning for `Lab: none` under a front matter `labs:` at the `Lab: none` line', async () => {
    await write(
      'notes/a.md',
      '---\nlabs: missing-socket\n---\nSTART\nBasic\nQ\nBack: A\nLab: none: nothing here tests history\nEND\n',
    )
    const result = check([])
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(
      /^notes\/a\.md:8:5 warning malformed-lab-link Unexpected `Lab: none`/m,
    )
  })

  it('colours only when asked and never with NO_COLOR', async () => {
    await write('notes/a.md', 'START\nBasci\nQ\nEND\n')
    expect(check([], { FORCE_COLOR: '1' }).stderr).toContain('\u001b[31merror\u001b[39m')
    expect(check([], { FORCE_COLOR: '1', NO_COLOR: '1' }).stderr).not.toContain('\u001b[')
  })
})
