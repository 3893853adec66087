// A fence in a list item ends with the item (CommonMark), and Obsidian shows
// the card's `Tags:`, ID and `END` lines back at the margin as lines of the
// note. The block scanner judged fences inside a block by the top-level rule
// only, so a list item's fence that was never closed (its closing line lost in
// a paste) ran on through `END`: the card, and every card after it in the file,
// was `unterminated-block`, though the plugin syncs them all.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openApkg } from '../anki/read-apkg.js'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const note = [
  'START',
  'Basic',
  'How do I build it?',
  'Back: Steps:',
  '- run:',
  '  ```sh',
  '  make',
  'Tags: build',
  '<!--ID: 1708611033509-->',
  'END',
  '',
  // The item's code went on unindented, and its closing fence is at the margin: as before, that
  // fence closes it rather than opening a fence that would take the `END`.
  'START',
  'Basic',
  'And then?',
  'Back:',
  '- install:',
  '  ```sh',
  'make install',
  '```',
  'END',
  '',
  'START',
  'Basic',
  'Last card?',
  'Back: yes',
  'END',
  '',
].join('\n')

describe('an unclosed fence in a list item inside a block', () => {
  it('ends with the item, so the block ends at its END', async () => {
    const cwd = await tempProject({ '.obsidian/': '', 'build.md': note })
    const check = runDecklab(['check', 'build.md'], { cwd })
    expect(check.code, check.stderr).toBe(0)
    expect(check.stdout + check.stderr).not.toContain('unterminated-block')

    const build = runDecklab(['build', '-o', 'out.apkg'], { cwd })
    expect(build.code, build.stderr).toBe(0)
    const apkg = await openApkg(await readFile(join(cwd, 'out.apkg')))
    const fronts = apkg.notes.map((row) => String(row.flds).split('\x1f')[0])
    expect(fronts).toEqual(['How do I build it?', 'And then?', 'Last card?'])
    const first = apkg.notes.find((row) => String(row.flds).startsWith('How do I'))!
    // Its ID and its tags are read, not taken for code: no second ID is written.
    expect(String(first.id)).toBe('1708611033509')
    expect(String(first.tags)).toContain('build')
    const text = await readFile(join(cwd, 'build.md'), 'utf8')
    expect(text.match(/<!--ID: /g)).toHaveLength(3)
    expect(text).toContain('Tags: build\n<!--ID: 1708611033509-->\nEND')
  })
})
