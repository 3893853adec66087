// A field line inside an Obsidian comment (`%%` … `%%` across lines) is part
// of the comment, as Obsidian's reading view hides it: a commented-out
// `Back: old wrong answer` switched the field, so the card showed
// `Question %%` and the old answer beside the new one, in the package and
// in the quiz.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openApkg } from '../anki/read-apkg.js'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const note = [
  'START',
  'Basic',
  'Question',
  '%%',
  'Back: old wrong answer',
  'Lab: none: drafted',
  '%%',
  'Back: new answer',
  'END',
  '',
  'START',
  'Basic',
  'Unclosed %% stays text',
  'Back: its answer',
  'END',
  '',
  'START',
  'Basic',
  'Code',
  'Back:',
  '> ```bat',
  '> echo 100%%',
  '> ```',
  'Back: more',
  'END',
  '',
].join('\n')

describe('field lines in an Obsidian comment', () => {
  it('are comment text, left out of the card and the quiz', async () => {
    const cwd = await tempProject({ '.obsidian/': '', 'c.md': note })
    const build = runDecklab(['build', '-o', 'out.apkg'], { cwd })
    expect(build.code, build.stderr).toBe(0)
    const apkg = await openApkg(await readFile(join(cwd, 'out.apkg')))
    const fields = apkg.notes.map((row) => String(row.flds).split('\x1f').slice(0, 2))
    expect(fields).toEqual([
      ['Question', 'new answer'],
      ['Unclosed %% stays text', 'its answer'],
      ['Code', expect.stringContaining('echo 100%%')],
    ])
    // The `%%` in code opens no comment: the second `Back:` is still a prefix.
    expect(fields[2]![1]).toContain('<p>more</p>')

    const quiz = runDecklab(['quiz', '--answers', '-', '--state', join(cwd, 'state')], {
      cwd,
      input: '3\n3\n3\n',
    })
    expect(quiz.code, quiz.stderr).toBe(0)
    expect(quiz.stdout + quiz.stderr).not.toContain('old wrong answer')
  })

  // An ID is the note's identity in Anki: one inside a comment is still read (and said to be out of
  // place), never dropped for a new ID that would add the note again without its history.
  it('but an ID line in a comment stays the note’s ID', async () => {
    const cwd = await tempProject({
      '.obsidian/': '',
      'c.md': 'START\nBasic\nQ\nBack: A\n%%\nBack: draft\n<!--ID: 1708611033509-->\n%%\nEND\n',
    })
    const check = runDecklab(['check', '--json'], { cwd })
    const result = JSON.parse(check.stdout) as {
      notes: Array<{ id: number | null; fields: { Back: string } }>
      diagnostics: Array<{ code: string; line: number }>
    }
    expect(result.notes.map((n) => [n.id, n.fields.Back])).toEqual([
      [1708611033509, 'A\n%%\nBack: draft\n%%'],
    ])
    expect(result.diagnostics.map((d) => `${d.line} ${d.code}`)).toEqual(['7 id-not-last'])
  })

  // Obsidian hides an HTML comment as it hides `%%`: `Back: old answer` commented out with `<!--`
  // shipped as the answer, with a warning that only named the `<!--` as removed.
  it('are comment text in an HTML comment too, up to its `-->`', async () => {
    const cwd = await tempProject({
      '.obsidian/': '',
      'c.md': [
        'START',
        'Basic',
        'Question',
        '<!--',
        'Back: old answer',
        '-->',
        'Back: new answer',
        'END',
        '',
        'START',
        'Basic',
        'In code?',
        '```html',
        '<!--',
        '```',
        'Back: its answer',
        'END',
        '',
        'START',
        'Basic',
        'Unclosed?',
        '<!--',
        'Back: shown answer',
        'END',
        '',
      ].join('\n'),
    })
    const build = runDecklab(['build', '-o', 'out.apkg'], { cwd })
    expect(build.code, build.stderr).toBe(0)
    const apkg = await openApkg(await readFile(join(cwd, 'out.apkg')))
    const fields = apkg.notes.map((row) => String(row.flds).split('\x1f').slice(0, 2))
    expect(fields).toEqual([
      ['<p>Question</p>', 'new answer'],
      [expect.stringContaining('In code?'), 'its answer'],
      [expect.stringContaining('Unclosed?'), 'shown answer'],
    ])
    const quiz = runDecklab(['quiz', '--answers', '-', '--state', join(cwd, 'state')], {
      cwd,
      input: '3\n3\n3\n',
    })
    expect(quiz.code, quiz.stderr).toBe(0)
    expect(quiz.stdout + quiz.stderr).not.toContain('old answer')
  })
})
