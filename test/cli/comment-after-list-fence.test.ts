// A fence indented two columns under `- item` is in the item (CommonMark), and
// a line back at the margin ends the item and the fence with it. The field's
// comment reader took that line for code, so its `%%secret%%` shipped on the
// card and showed in the quiz, while the file scanner already ended the fence there.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openApkg } from '../anki/read-apkg.js'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const note = [
  'START',
  'Basic',
  'What does the list hold?',
  'Back:',
  '- item',
  '  ~~~',
  '  code',
  '%%secret%% shown',
  '~~~',
  'END',
  '',
].join('\n')

describe('a comment after a fence its list item ended', () => {
  it('is left out of the card and the quiz', async () => {
    const cwd = await tempProject({ '.obsidian/': '', 'list.md': note })
    const build = runDecklab(['build', '-o', 'out.apkg'], { cwd })
    expect(build.code, build.stderr).toBe(0)
    const apkg = await openApkg(await readFile(join(cwd, 'out.apkg')))
    const back = String(apkg.notes[0]!.flds).split('\x1f')[1]!
    expect(back).toContain('code')
    expect(back).toContain('shown')
    expect(back).not.toContain('secret')

    const quiz = runDecklab(['quiz', '--answers', '-', '--state', join(cwd, 'state')], {
      cwd,
      input: '3\n',
    })
    expect(quiz.code, quiz.stderr).toBe(0)
    expect(quiz.stdout + quiz.stderr).toContain('shown')
    expect(quiz.stdout + quiz.stderr).not.toContain('secret')
  })
})
