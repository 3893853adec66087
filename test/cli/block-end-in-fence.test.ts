// A stray fence line in a card's field (```` ``` ```` left after `Back: x`) takes the block's `END`
// into code; when another block follows before the fence's closing line, its `START` goes in
// too, and the first block's field ends at that block's `END`. decklab reads fences as Obsidian
// shows them, so that card was not made, while Obsidian_to_Anki (which knows no fences) syncs
// it, and check said nothing. Now the warning `block-end-in-fence` points at the swallowed `END`;
// a fence that shows the syntax (its first marker a `START`) gets none.
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const file = (blocks: string[][]) => `${blocks.map((lines) => lines.join('\n')).join('\n\n')}\n`

const stray = file([
  ['START', 'Basic', 'Q1', 'Back: x', '```', 'END'],
  ['START', 'Basic', 'Q2', 'Back: y', '```', 'END'],
  ['START', 'Basic', 'Q3', 'Back: z', 'END'],
])
const tildes = file([
  ['START', 'Basic', 'T1', 'Back: x', '~~~~', 'END'],
  ['START', 'Basic', 'T2', 'Back: y', '~~~~', 'END'],
])
// Examples of the syntax: two cards in one fence, and a fence of a single card.
const examples = file([
  ['START', 'Basic', 'How are cards written?', 'Back: so:', '```', 'START', 'Basic', 'A'],
  ['Back: a', 'END', '', 'START', 'Basic', 'B', 'Back: b', 'END', '```', 'END'],
  ['START', 'Basic', 'And one?', 'Back:', '```md', 'START', 'Basic', 'C', 'Back: c', 'END', '```'],
  ['END'],
])

interface Diagnostic {
  code: string
  file: string
  line: number
  column: number
  message: string
}

describe('an END taken into a code fence of its block', () => {
  it('is warned about when the fence hides a later block, and examples of the syntax are not', async () => {
    const cwd = await tempProject({
      '.obsidian/': '',
      'stray.md': stray,
      'tildes.md': tildes,
      'examples.md': examples,
    })
    const check = runDecklab(['check', '--json'], { cwd })
    expect(check.code, check.stderr).toBe(0)
    const report = JSON.parse(check.stdout) as { diagnostics: Diagnostic[] }
    const warned = report.diagnostics
      .filter((diagnostic) => diagnostic.code === 'block-end-in-fence')
      .map(({ file, line, column }) => `${file}:${line}:${column}`)
    expect(warned).toEqual(['stray.md:6:1', 'tildes.md:6:1'])
    const message = report.diagnostics.find((diagnostic) => diagnostic.file === 'stray.md')?.message
    expect(message).toContain('the code fence opened on line 5')
    expect(message).toContain('the `START` on line 8')
    // Read as before: stray.md's third block is a card of its own, each example fence one field.
    const human = runDecklab(['check'], { cwd })
    expect(human.stderr).toContain('5 notes, 5 cards in 3 files; 0 errors, 2 warnings')
  })
})
