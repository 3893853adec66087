// An HTML comment opened in the middle of a line (`text <!-- disabled`) is raw
// HTML of its paragraph (CommonMark): when a later line of that paragraph holds
// `-->`, every line between is hidden in Obsidian's reading view, a card block
// too. decklab knew `<!--` only at a line's start, so such a commented-out card
// went into the deck without a word. A paragraph that ends before any `-->`
// (a blank line) leaves the `<!--` as text, and a `<!--` in code (a span, an
// indented block) opens nothing.
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const note = [
  'Old card, kept for later <!-- disabled',
  'START',
  'Basic',
  'What does SO_REUSEADDR do on Linux 2.0?',
  'Back: nothing',
  'END',
  '-->',
  '',
  'A note <!-- that no line of its paragraph closes',
  '',
  'START',
  'Basic',
  'Shown after a blank line?',
  'Back: yes',
  'END',
  '',
  // Indented code is no paragraph: its `<!--` is code.
  'Snippet:',
  '',
  '    echo "<!--" >> page.html',
  'START',
  'Basic',
  'Shown after indented code?',
  'Back: yes',
  'END',
  '-->',
  '',
  'Write `<!--` to open a comment',
  'START',
  'Basic',
  'Shown after code?',
  'Back: yes',
  'END',
  '-->',
  '',
].join('\n')

describe('an HTML comment opened mid-line', () => {
  it('hides the card block its paragraph holds up to `-->`', async () => {
    const cwd = await tempProject({ '.obsidian/': '', 'sockets.md': note })
    const check = runDecklab(['check', '--json'], { cwd })
    expect(check.code, check.stderr).toBe(0)
    const report = JSON.parse(check.stdout) as {
      notes: Array<{ fields: Record<string, string> }>
      diagnostics: Array<{ code: string; line: number; column: number }>
    }
    expect(report.notes.map((note) => note.fields.Front)).toEqual([
      'Shown after a blank line?',
      'Shown after indented code?',
      'Shown after code?',
    ])
    const warning = report.diagnostics.find((item) => item.code === 'block-in-comment')
    expect(warning).toMatchObject({ line: 2, column: 1 })
  })
})
