// A closing fence left of its list item's text (`- run:`, `  ```sh`, `  make`, then ```` ``` ````
// at the margin) is taken by the block scanner for the item's fence's closer, so the block keeps
// its `END`. The card's renderer reads the field by CommonMark: the margin line ends the item and
// opens a new code block, so the card showed `after` as code, with no word from `check`. Now the
// warning `closing-fence-outside` points at that line; a fence the card closes too gets none.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openApkg } from '../anki/read-apkg.js'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const blocks = [
  // The item on the field's own line: the file shows a paragraph, the card a list item.
  ['START', 'Basic', 'Q1', 'Back: - run:', '  ```sh', '  make', '```', 'after', 'END'],
  // The item on a line of its own.
  ['START', 'Basic', 'Q2', 'Back: Steps', '- run:', '  ```sh', '  make', '```', 'after', 'END'],
  // The code went on at the margin, then the closing fence (as before, the block's own).
  ['START', 'Basic', 'Q3', 'Back:', '- install:', '  ```sh', 'make install', '```', 'END'],
  // Closed at the item's text: no warning.
  ['START', 'Basic', 'Q4', 'Back: Steps', '- run:', '  ```sh', '  make', '  ```', 'after', 'END'],
  // The item is in the field above: to the card, `Back` holds a fence two columns in, which the
  // margin line closes.
  ['START', 'Basic', '- Q5', 'Back: b', '  ```sh', '  make', '```', 'after', 'END'],
  // A fence in a quote, closed without the quote's `>`.
  ['START', 'Basic', 'Q6', 'Back: x', ' > ```sh', ' > make', '```', 'after', 'END'],
]
const text = `${blocks.map((lines) => lines.join('\n')).join('\n\n')}\n`

interface Diagnostic {
  code: string
  file: string
  line: number
  column: number
}

describe('a closing fence left of its list item in a block', () => {
  it('is warned about where the card opens a code block, and the card shows what is said', async () => {
    const cwd = await tempProject({ '.obsidian/': '', 'steps.md': text })
    const check = runDecklab(['check', '--json'], { cwd })
    expect(check.code, check.stderr).toBe(0)
    const report = JSON.parse(check.stdout) as { diagnostics: Diagnostic[] }
    const warned = report.diagnostics
      .filter((diagnostic) => diagnostic.code === 'closing-fence-outside')
      .map(({ file, line, column }) => `${file}:${line}:${column}`)
    expect(warned).toEqual(['steps.md:7:1', 'steps.md:18:1', 'steps.md:29:1', 'steps.md:59:1'])
    const human = runDecklab(['check'], { cwd })
    expect(human.stdout + human.stderr).toContain(
      "steps.md:7:1 warning closing-fence-outside Unexpected closing fence left of its list item's text, expected it indented 2 columns",
    )

    const build = runDecklab(['build', '-o', 'out.apkg'], { cwd })
    expect(build.code, build.stderr).toBe(0)
    const apkg = await openApkg(await readFile(join(cwd, 'out.apkg')))
    const back = (front: string) => {
      const row = apkg.notes.find((note) => String(note.flds).split('\x1f')[0]!.includes(front))
      return String(row?.flds).split('\x1f')[1]!
    }
    expect(apkg.notes).toHaveLength(6)
    // What the warning says: the card shows `after` as code where the item's fence was not closed.
    for (const front of ['Q1', 'Q2', 'Q6']) expect(back(front)).toMatch(/<code[^>]*>after/)
    for (const front of ['Q4', 'Q5']) {
      expect(back(front)).not.toMatch(/<code[^>]*>after/)
      expect(back(front)).toContain('after')
    }
  })

  // A fence opened on a quote's or an item's own line (`> ```sh`, `- ```sh`) was not seen in a
  // block: its closing fence at the margin opened a fence that took the `END` and the blocks after
  // it up to the next fence into the card's answer, and those cards were lost without a word.
  it('keeps the blocks after a quote or item fence closed at the margin', async () => {
    const closedFence = (front: string) => [
      'START',
      'Basic',
      front,
      'Back: x',
      '```',
      'y',
      '```',
      'END',
    ]
    const lost = [
      ['START', 'Basic', 'Q1', 'Back: Steps', '> ```sh', '> make', '```', 'after', 'END'],
      closedFence('Q2'),
      ['START', 'Basic', 'Q3', 'Back: Steps', '- ```sh', '  make', '```', 'after', 'END'],
      closedFence('Q4'),
    ]
    const cwd = await tempProject({
      '.obsidian/': '',
      'lost.md': `${lost.map((lines) => lines.join('\n')).join('\n\n')}\n`,
    })
    const check = runDecklab(['check', '--json'], { cwd })
    expect(check.code, check.stderr).toBe(0)
    const report = JSON.parse(check.stdout) as {
      notes: { fields: Record<string, string> }[]
      diagnostics: Diagnostic[]
    }
    expect(report.notes.map((note) => note.fields.Front)).toEqual(['Q1', 'Q2', 'Q3', 'Q4'])
    expect(report.notes[0]!.fields.Back).toBe('Steps\n> ```sh\n> make\n```\nafter')
    expect(report.diagnostics.map(({ code, line, column }) => `${code} ${line}:${column}`)).toEqual(
      ['closing-fence-outside 7:1', 'closing-fence-outside 26:1'],
    )
  })
})
