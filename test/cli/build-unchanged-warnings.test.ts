/**
 * A build that keeps the package ("unchanged") shows the warnings again:
 * they must point where `decklab check` finds them in the files as they are
 * now, also after a build wrote IDs into the notes (which moves the lines
 * below each new ID), after a note moved without changing, and when a
 * warning outside every note came or went.
 */
import { readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const fixtures = fileURLToPath(new URL('../fixtures/notes/', import.meta.url))
const pluginSettings = '.obsidian/plugins/obsidian-to-anki-plugin/data.json'

function decklab(cwd: string, ...args: string[]) {
  return runDecklab(args, { cwd })
}

/** The diagnostics of a `--json` run, whole (end positions included). */
function reported(run: { stdout: string; stderr: string }): unknown[] {
  expect(run.stdout, run.stderr).not.toBe('')
  return JSON.parse(run.stdout).diagnostics
}

/** `build --json` keeps the package and reports exactly what `check --json` reports. */
function expectKeptAsChecked(cwd: string, ...args: string[]): void {
  const build = decklab(cwd, 'build', ...args, '--json')
  expect(build.code, build.stderr).toBe(0)
  expect(JSON.parse(build.stdout)).toMatchObject({ unchanged: true })
  expect(reported(build)).toEqual(reported(decklab(cwd, 'check', '--json')))
}

const embedNote = (question: string) => `START\nBasic\n${question} ![[nothere]]\nBack: b\nEND\n`

describe('warnings of a kept package', () => {
  it('point where check finds them once the build has written IDs (the tester’s vault)', async () => {
    const cwd = await tempProject({
      '.obsidian/': '',
      'c.md': `START\nBasic\nQ1\nBack: b\nEND\n\n${embedNote('Q2')}`,
    })
    const first = decklab(cwd, 'build')
    expect(first.code, first.stderr).toBe(0)
    expect(first.stderr).toContain('wrote 2 new IDs')
    expectKeptAsChecked(cwd)
    expectKeptAsChecked(cwd, '--frozen')
    // The embed is on line 10 now (its block on line 8): the first block got an ID line.
    expect(decklab(cwd, 'build').stderr).toMatch(/^c\.md:10:4 warning unsupported-embed /m)
  })

  it('point where check finds them in block, inline and regex notes, CRLF and BOM files', async () => {
    // Every note fixture that builds, as one vault, plus the regex fixture with its settings.
    const files: Record<string, string> = {
      '.obsidian/': '',
      'regex/.obsidian/': '',
      [`regex/${pluginSettings}`]: await readFile(
        join(fixtures, 'regex-notes/settings.json'),
        'utf8',
      ),
      'regex/notes.md': `${await readFile(join(fixtures, 'regex-notes/input.md'), 'utf8')}\n## Embeds\n![[nothere]] here\n`,
      'crlf.md': `\uFEFF${embedNote('CRLF').replaceAll('\n', '\r\n')}Intro STARTI [Basic] Q ![[gone]] Back: b ENDI done\r\n`,
    }
    for (const name of await readdir(fixtures)) {
      files[`${name}.md`] = await readFile(join(fixtures, name, 'input.md'), 'utf8')
    }
    const cwd = await tempProject(files)
    for (const vault of [cwd, join(cwd, 'regex')]) {
      // Files with an error stop the build: left out, so the rest is built and IDs are written.
      const checked = decklab(vault, 'check', '--json')
      for (const diagnostic of reported(checked) as Array<{ file: string; severity: string }>) {
        if (diagnostic.severity === 'error') await rm(join(vault, diagnostic.file), { force: true })
      }
      const first = decklab(vault, 'build', '--json')
      expect(first.code, first.stderr).toBe(0)
      expect(JSON.parse(first.stdout).ids.length).toBeGreaterThan(0)
      expect(reported(first).length).toBeGreaterThan(0)
      expectKeptAsChecked(vault)
      // Touched, not changed: the notes are read again and found where that build left them.
      const later = new Date(Date.now() + 60_000)
      for (const name of await readdir(vault)) {
        if (name.endsWith('.md')) await utimes(join(vault, name), later, later)
      }
      expectKeptAsChecked(vault)
    }
  })

  it('point where check finds them when a note moved without changing', async () => {
    const cwd = await tempProject({ '.obsidian/': '', 'c.md': embedNote('Q') })
    expect(decklab(cwd, 'build').code).toBe(0)
    expectKeptAsChecked(cwd)
    const text = await readFile(join(cwd, 'c.md'), 'utf8')
    await writeFile(join(cwd, 'c.md'), `# A heading above the note\n\nSome prose.\n\n${text}`)
    const moved = decklab(cwd, 'build', '--json')
    expect(reported(moved)).toEqual(reported(decklab(cwd, 'check', '--json')))
    // The embed, in the block's first field, moved from line 3 to line 7.
    expect(moved.stdout).toContain('"line": 7')
    expectKeptAsChecked(cwd)
  })

  it('come and go with a warning outside every note, though the notes did not change', async () => {
    const cwd = await tempProject({ '.obsidian/': '', 'c.md': embedNote('Q') })
    expect(decklab(cwd, 'build').code).toBe(0)
    const text = await readFile(join(cwd, 'c.md'), 'utf8')
    await writeFile(join(cwd, 'c.md'), `${text}END\n`)
    expectKeptAsChecked(cwd)
    expect(decklab(cwd, 'build').stderr).toMatch(/warning stray-end /)
    await writeFile(join(cwd, 'c.md'), text)
    expectKeptAsChecked(cwd)
    expect(decklab(cwd, 'build').stderr).not.toMatch(/stray-end/)
  })

  it('are said by the build that wrote the IDs where the files have them after it', async () => {
    const cwd = await tempProject({
      '.obsidian/': '',
      'c.md': `START\nBasic\nQ1\nBack: b\nEND\n\n${embedNote('Q2')}`,
    })
    const first = decklab(cwd, 'build', '--json')
    expect(first.code, first.stderr).toBe(0)
    expect(JSON.parse(first.stdout).ids.length).toBe(2)
    // Not line 9, where the embed was before the first block got its ID line.
    expect(reported(first)).toEqual(reported(decklab(cwd, 'check', '--json')))
    expect(reported(first)).toMatchObject([{ file: 'c.md', line: 10, code: 'unsupported-embed' }])
  })

  // ids[].line was the line as read: notes 2 and 3 at 7 and 13, while the file had them at 8 and 15.
  it('and the IDs that build wrote are named where the files have their notes after it', async () => {
    const note = (question: string) => `START\nBasic\n${question}\nBack: b\nEND\n`
    const cwd = await tempProject({
      '.obsidian/': '',
      'c.md': `${note('Q1')}\n${note('Q2')}\n${embedNote('Q3')}`,
    })
    const first = decklab(cwd, 'build', '--json')
    expect(first.code, first.stderr).toBe(0)
    const { ids } = JSON.parse(first.stdout) as { ids: { file: string; line: number }[] }
    const lines = (await readFile(join(cwd, 'c.md'), 'utf8')).split('\n')
    expect(ids.map((write) => [write.file, write.line])).toEqual([
      ['c.md', 1],
      ['c.md', 8],
      ['c.md', 15],
    ])
    for (const [index, write] of ids.entries()) {
      expect(lines.slice(write.line - 1, write.line + 2)).toEqual([
        'START',
        'Basic',
        expect.stringMatching(new RegExp(`^Q${index + 1}\\b`)),
      ])
    }
    // The same file as the warning the build gives in the third note (and check finds there).
    expect(reported(first)).toMatchObject([{ file: 'c.md', line: 17, code: 'unsupported-embed' }])
  })

  // The message said the line the comment opened on as read (7), check said 8 once the build was done.
  it('say the same as check, text and all, once the build wrote an ID line above them', async () => {
    const cwd = await tempProject({
      '.obsidian/': '',
      'c.md': 'START\nBasic\nQ1\nBack: b\nEND\n\n<!--\nSTART\nBasic\nQ2\nBack: b\nEND\n-->\n',
    })
    const first = decklab(cwd, 'build', '--json')
    expect(first.code, first.stderr).toBe(0)
    expect(reported(first)).toMatchObject([{ file: 'c.md', line: 9, code: 'block-in-comment' }])
    expect(reported(first)).toEqual(reported(decklab(cwd, 'check', '--json')))
  })

  // The message named the `TARGET DECK` line as read: 12 where the file, and check, then had 13.
  it('of a deck conflict say the same as check once the build wrote an ID line above TARGET DECK', async () => {
    const note = (question: string) => `START\nBasic\n${question}\nBack: b\nEND\n`
    const cwd = await tempProject({
      '.obsidian/': '',
      'c.md': `---\ndeck: X\n---\n\n${note('A?')}\nTARGET DECK\nY\n\n${note('B?')}`,
    })
    const first = decklab(cwd, 'build', '--json')
    expect(first.code, first.stderr).toBe(0)
    expect(reported(first)).toMatchObject([{ file: 'c.md', line: 2, code: 'deck-conflict' }])
    expect(reported(first)).toEqual(reported(decklab(cwd, 'check', '--json')))
  })

  it('of a changed deck point where the files have them after that build wrote IDs above', async () => {
    const note = (question: string) => `START\nBasic\n${question}\nBack: b\nEND\n`
    const cwd = await tempProject({ '.obsidian/': '', 'c.md': `TARGET DECK: One\n\n${note('A')}` })
    expect(decklab(cwd, 'build').code).toBe(0)
    // The deck changes, and a new note above the built one gets an ID line.
    await writeFile(
      join(cwd, 'c.md'),
      `TARGET DECK: Two\n\n${note('B')}\n${(await readFile(join(cwd, 'c.md'), 'utf8')).slice(18)}`,
    )
    const changed = decklab(cwd, 'build', '-o', 'dist/One.apkg', '--json')
    expect(changed.code, changed.stderr).toBe(0)
    const kept = decklab(cwd, 'build', '-o', 'dist/One.apkg', '--json')
    expect(JSON.parse(kept.stdout)).toMatchObject({ unchanged: true })
    // Note A's block starts on line 10 once B's ID line is written: both builds say so.
    for (const run of [changed, kept]) {
      expect(reported(run)).toMatchObject([{ file: 'c.md', line: 10, code: 'deck-changed' }])
    }
  })
})
