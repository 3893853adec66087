/**
 * With a Scan Directory in the plugin's settings, Obsidian_to_Anki reads
 * every file under it, `.txt` too (facts/obsidian-to-anki-syntax.md §1),
 * and writes IDs into them; without one, Markdown only. decklab reads the
 * same files.
 */
import { appendFile, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const block = (front: string) => `START\nBasic\n${front}\nBack: answer\nEND\n`
const settingsPath = '.obsidian/plugins/obsidian-to-anki-plugin/data.json'

function build(cwd: string, ...args: string[]) {
  const run = runDecklab(['build', '--json', ...args], { cwd })
  expect(run.code, run.stderr).toBe(0)
  return JSON.parse(run.stdout) as { notes: number; written: boolean; unchanged: boolean }
}

describe('.txt notes', () => {
  it('are read in the Scan Directory, as the plugin reads them, and nowhere else', async () => {
    const cwd = await tempProject({
      [settingsPath]: JSON.stringify({ settings: { Defaults: { 'Scan Directory': 'cards' } } }),
      'cards/a.md': block('In Markdown'),
      'cards/sub/b.TXT': block('In a text file'),
      'other/c.txt': block('Outside the Scan Directory'),
    })
    expect(build(cwd)).toMatchObject({ notes: 2, written: true })
    expect(await readFile(join(cwd, 'cards/sub/b.TXT'), 'utf8')).toMatch(
      /^START\nBasic\nIn a text file\nBack: answer\n<!--ID: \d+-->\nEND\n$/,
    )
    expect(await readFile(join(cwd, 'other/c.txt'), 'utf8')).toBe(
      block('Outside the Scan Directory'),
    )
    expect(build(cwd)).toMatchObject({ unchanged: true })
    // An edit of a .txt note is a change the unchanged-rebuild check sees.
    await appendFile(join(cwd, 'cards/sub/b.TXT'), block('Added later'))
    expect(build(cwd)).toMatchObject({ notes: 3, written: true })
    // Named, as a Markdown file is; outside the Scan Directory it is no note file.
    expect(build(cwd, 'cards/sub/b.TXT')).toMatchObject({ notes: 2 })
    const outside = runDecklab(['build', 'other/c.txt'], { cwd })
    expect(outside.code).toBe(2)
    expect(outside.stderr).toContain("a `.txt` file in the plugin's Scan Directory")
  })

  it('are not read without a Scan Directory (the plugin reads Markdown only then)', async () => {
    const cwd = await tempProject({
      '.obsidian/app.json': '{}',
      'a.md': block('In Markdown'),
      'b.txt': block('In a text file'),
    })
    expect(build(cwd)).toMatchObject({ notes: 1 })
    expect(await readFile(join(cwd, 'b.txt'), 'utf8')).toBe(block('In a text file'))
  })
})
