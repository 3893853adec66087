// A code span may cross a line break in its paragraph (`` `printf %%d `` and
// `` value` `` on the next line are one span): its `%%` is code. Read one line
// at a time, that `%%` opened a comment: the card showed the text of the
// hidden comment after it (`secret`) and lost the text between, a `Back:`
// line became question text, and outside the blocks a card was ignored as
// `block-in-comment` while one inside a real comment was taken.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openApkg } from '../anki/read-apkg.js'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const note = [
  'Use `printf %%d',
  'value` to print an int.',
  '',
  'START',
  'Basic',
  'How do you print an int?',
  'Back: Use `printf %%d',
  'value` here, then %%secret%% end',
  'END',
  '',
  'START',
  'Basic',
  'What does `printf %%d',
  'value` print?',
  'Back: the value %%not shown%%',
  'END',
  '',
  'Later a %%comment `with',
  '',
  'START',
  'Basic',
  'Commented out?',
  'Back: yes',
  'END',
  '',
  'end` %%',
  '',
].join('\n')

describe('%% in a code span across a line break', () => {
  it('is code on the card, in the quiz and to the scanner', async () => {
    const cwd = await tempProject({ '.obsidian/': '', 'printf.md': note })
    const build = runDecklab(['build', '-o', 'out.apkg'], { cwd })
    expect(build.code, build.stderr).toBe(0)
    // Only the block inside the real comment is ignored.
    expect(build.stderr.match(/\S+ warning block-in-comment/g)).toEqual([
      'printf.md:22:1 warning block-in-comment',
    ])
    const apkg = await openApkg(await readFile(join(cwd, 'out.apkg')))
    const fields = apkg.notes.map((row) => String(row.flds).split('\x1f').slice(0, 2))
    expect(fields).toEqual([
      ['How do you print an int?', 'Use <code>printf %%d value</code> here, then  end'],
      ['What does <code>printf %%d value</code> print?', 'the value'],
    ])

    const quiz = runDecklab(['quiz', '--answers', '-', '--state', join(cwd, 'state')], {
      cwd,
      input: '3\n3\n',
    })
    expect(quiz.code, quiz.stderr).toBe(0)
    const screen = quiz.stdout + quiz.stderr
    expect(screen).toContain('here, then')
    expect(screen).not.toContain('secret')
    expect(screen).not.toContain('not shown')
    expect(screen).not.toContain('Commented out')
  })
})

// `\`` is a backtick of text, not a span's: Obsidian hides the comment between two of them.
describe('%% between escaped backticks', () => {
  it('is a comment, left out of the card', async () => {
    const cwd = await tempProject({
      '.obsidian/': '',
      'escaped.md': 'START\nBasic\nQ\nBack: Write \\`%%answer key%%\\` as is\nEND\n',
    })
    const build = runDecklab(['build', '-o', 'out.apkg'], { cwd })
    expect(build.code, build.stderr).toBe(0)
    const apkg = await openApkg(await readFile(join(cwd, 'out.apkg')))
    expect(String(apkg.notes[0]!.flds).split('\x1f')[1]).toBe('Write `` as is')
  })
})
