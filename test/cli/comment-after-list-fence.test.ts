// A fence indented two columns under `- item` is in the item (CommonMark), and
// a line back at the margin ends the item and the fence with it. The field's
// comment reader took that line for code, so its `%%secret%%` shipped on the
// card and showed in the quiz, while the file scanner already ended the fence there.
// A lazy line (`- item` then `lazy text` at the margin) stays in the item: a fence
// after it ended with the item neither in the field nor in the file scanner,
// which took every card after the list into it.
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
  '- a list item',
  'with a lazy line',
  '  ```',
  '  code of the item',
  '',
  'START',
  'Basic',
  'After the list?',
  'Back:',
  '- item',
  'its lazy line',
  '  ~~~',
  '  code',
  '%%hidden too%% also shown',
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
    // The fence after the lazy line ends with its item: the card after the list is read.
    expect(build.stderr).not.toContain('block-in-unclosed-fence')
    const backs = apkg.notes.map((row) => String(row.flds).split('\x1f')[1]!)
    expect(backs).toHaveLength(2)
    expect(backs[0]).toContain('code')
    expect(backs[0]).toContain('shown')
    expect(backs[0]).not.toContain('secret')
    expect(backs[1]).toContain('also shown')
    expect(backs[1]).not.toContain('hidden too')

    const quiz = runDecklab(['quiz', '--answers', '-', '--state', join(cwd, 'state')], {
      cwd,
      input: '3\n3\n',
    })
    expect(quiz.code, quiz.stderr).toBe(0)
    expect(quiz.stdout + quiz.stderr).toContain('shown')
    expect(quiz.stdout + quiz.stderr).not.toContain('secret')
    expect(quiz.stdout + quiz.stderr).not.toContain('hidden too')
  })
})
