// `%%` in fenced code inside a callout or a list item is code, as it is in a
// fence of its own: a batch file's `for %%i in …` lost everything between its
// two `%%` on the card and in the quiz, and such a fence outside the blocks
// opened a "comment" that hid every card after it.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openApkg } from '../anki/read-apkg.js'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const note = [
  '# Batch files',
  '',
  '> [!example] Percent signs',
  '> ```bat',
  '> echo 100%%',
  '> ```',
  '',
  'START',
  'Basic',
  'How does a batch file loop over files?',
  'Back:',
  '> [!tip] In a callout',
  '> ```bat',
  '> for %%i in (*.txt) do echo %%i',
  '> ```',
  'END',
  '',
  'START',
  'Basic',
  'And in a list?',
  'Back:',
  '1. Write:',
  '\t```bat',
  '\tfor %%f in (*.log) do del %%f',
  '\t```',
  '2. Run it %%not shown%%',
  'END',
  '',
].join('\n')

describe('%% in fenced code in callouts and list items', () => {
  it('is code on the card and in the quiz, and hides no card', async () => {
    const cwd = await tempProject({ '.obsidian/': '', 'batch.md': note })
    const build = runDecklab(['build', '-o', 'out.apkg'], { cwd })
    expect(build.code, build.stderr).toBe(0)
    expect(build.stderr).not.toContain('block-in-comment')
    const apkg = await openApkg(await readFile(join(cwd, 'out.apkg')))
    const backs = apkg.notes.map((row) => String(row.flds).split('\x1f')[1]!)
    expect(backs).toHaveLength(2)
    expect(backs[0]).toContain('for %%i in (*.txt) do echo %%i')
    expect(backs[1]).toContain('for %%f in (*.log) do del %%f')
    // A comment outside the code is still left out.
    expect(backs[1]).toContain('<li>Run it</li>')
    expect(backs[1]).not.toContain('not shown')

    const quiz = runDecklab(['quiz', '--answers', '-', '--state', join(cwd, 'state')], {
      cwd,
      input: '3\n3\n',
    })
    expect(quiz.code, quiz.stderr).toBe(0)
    const screen = quiz.stdout + quiz.stderr
    expect(screen).toContain('for %%i in (*.txt) do echo %%i')
    expect(screen).toContain('for %%f in (*.log) do del %%f')
    expect(screen).not.toContain('not shown')
  })
})
