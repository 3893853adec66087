// FROZEN values and the file link in a built package: appended to each
// field's HTML, as the plugin appends them after formatting, never inside the
// code block, table or list the field ends in. `check --json` shows each
// field's whole text.
import { readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openApkg } from '../anki/read-apkg.js'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const settings = JSON.stringify({ settings: { Defaults: { 'Add File Link': true } } })

const notes = [
  'FROZEN - Basic:',
  'Back: FROZENTAIL',
  '',
  'START',
  'Basic',
  '```sh',
  'ls',
  '```',
  'Back:',
  '```python',
  'x = 1',
  '```',
  'END',
  '',
  'START',
  'Basic',
  'Table',
  'Back:',
  '| a | b |',
  '|---|---|',
  '| 1 | 2 |',
  'END',
  '',
].join('\n')

describe('build with FROZEN fields and Add File Link', () => {
  it('appends them after the code block or table a field ends in', async () => {
    const cwd = await tempProject(
      {
        '.obsidian/plugins/obsidian-to-anki-plugin/data.json': settings,
        'notes/card.md': notes,
      },
      'decklab-frozen-',
    )
    const build = runDecklab(['build', '-o', 'out.apkg'], { cwd })
    expect(build.code, build.stderr).toBe(0)
    const apkg = await openApkg(await readFile(join(cwd, 'out.apkg')))
    const fields = apkg.notes.map((note) => String(note.flds).split('\x1f'))
    const link = `<br><a href="obsidian://open?vault=${encodeURIComponent(basename(cwd))}&amp;file=notes%2Fcard.md" class="obsidian-link">Obsidian</a>`
    const [code, table] = fields
    expect(code![0]!.endsWith(`</code></pre>${link}`)).toBe(true)
    expect(code![1]).toMatch(/<\/code><\/pre>FROZENTAIL$/)
    expect(code!.join('')).not.toContain('```')
    expect(table![0]).toBe(`Table${link}`)
    expect(table![1]).toMatch(/<\/table>FROZENTAIL$/)

    const check = runDecklab(['check', '--json'], { cwd })
    expect(check.code, check.stderr).toBe(0)
    const checked = JSON.parse(check.stdout).notes as Array<{ fields: Record<string, string> }>
    expect(checked[1]?.fields.Back).toBe('| a | b |\n|---|---|\n| 1 | 2 |FROZENTAIL')
  })
})
