// `%%` in indented code is text in Obsidian, as in fenced code: a snippet pasted
// from Stack Overflow or a man page (`printf("%3d%%", pct);`, four spaces in,
// after a blank line) holds no comment marker. decklab read it as one: in a
// note's text it opened a comment up to the next `%%` (here a code span in a
// card's question), so both cards were `block-in-comment` and no deck had them;
// in a field it hid the code from `%%` on and shipped the `%%answer key%%` below.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openApkg } from '../anki/read-apkg.js'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const snippet = [
  '# Progress bars',
  '',
  'From Stack Overflow:',
  '',
  '    printf("\\r%3d%%", percent);',
  '    fflush(stdout);',
  '',
  'START',
  'Basic',
  'Why fflush after printf with \\r?',
  'Back: stdout is line buffered on a terminal',
  'END',
  '',
  'START',
  'Basic',
  'What does `%%` print in printf?',
  'Back: a single percent sign',
  'END',
  '',
].join('\n')

const field = [
  'START',
  'Basic',
  'How do I print a percent sign?',
  'Back: Double it:',
  '',
  '    printf("%3d%%\\n", pct);',
  '',
  'That is all. %%answer key: easy%%',
  'END',
  '',
  // Four columns under `- item` is a paragraph of the item, not code: its comment stays hidden.
  'START',
  'Basic',
  'And in a list?',
  'Back:',
  '- item',
  '',
  '    text of the item %%hidden%%',
  'END',
  '',
].join('\n')

describe('%% in indented code', () => {
  it('opens no comment in a note, so the cards after it are read', async () => {
    const cwd = await tempProject({ '.obsidian/': '', 'progress.md': snippet })
    const check = runDecklab(['check'], { cwd })
    expect(check.code, check.stderr).toBe(0)
    expect(check.stdout + check.stderr).not.toContain('block-in-comment')
    expect(check.stdout + check.stderr).toContain('2 notes, 2 cards')
  })

  it('is code in a field, and a comment after it stays hidden', async () => {
    const cwd = await tempProject({ '.obsidian/': '', 'printf.md': field })
    const build = runDecklab(['build', '-o', 'out.apkg'], { cwd })
    expect(build.code, build.stderr).toBe(0)
    const apkg = await openApkg(await readFile(join(cwd, 'out.apkg')))
    const backs = apkg.notes.map((row) => String(row.flds).split('\x1f')[1]!)
    expect(backs[0]).toMatch(/printf\(.*%3d%%.*pct\);/)
    expect(backs[0]).toContain('That is all.')
    expect(backs[0]).not.toContain('answer key')
    expect(backs[1]).toContain('text of the item')
    expect(backs[1]).not.toContain('hidden')
  })
})
