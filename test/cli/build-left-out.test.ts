/**
 * A note file named on the command line that the plugin's settings leave out
 * (outside the Scan Directory, or matched by an ignore glob): the plugin has
 * no way to scan one file and would never send it to Anki. decklab reads it,
 * since it was named, and says once that the plugin would not.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openApkg } from '../anki/read-apkg.js'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const card = (front: string) => `START\nBasic\n${front}\nBack: answer\nEND\n`

function vault(): Promise<string> {
  return tempProject({
    '.obsidian/plugins/obsidian-to-anki-plugin/data.json': JSON.stringify({
      settings: {
        Defaults: { 'Scan Directory': 'Cards' },
        IGNORED_FILE_GLOBS: ['**/Templates/**'],
      },
    }),
    'Cards/a.md': card('in the scan directory'),
    'Cards/Templates/t.md': card('a template'),
    'Inbox/draft.md': card('a draft outside it'),
  })
}

const codes = (stdout: string): string[][] =>
  (JSON.parse(stdout) as { diagnostics: Array<{ file: string; code: string }> }).diagnostics.map(
    (diagnostic) => [diagnostic.file, diagnostic.code],
  )

describe('a named note file the plugin’s settings leave out', () => {
  it('is built, with the warning left-out-by-settings, also when the package is kept', async () => {
    const cwd = await vault()
    const run = runDecklab(['build', 'Inbox/draft.md', '-o', 'draft.apkg'], { cwd })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toMatch(/Inbox\/draft\.md.*warning left-out-by-settings/)
    expect(run.stderr).toContain('outside the Scan Directory `Cards`')
    expect(run.stderr.match(/left-out-by-settings/g)).toHaveLength(1)
    const apkg = await openApkg(await readFile(join(cwd, 'draft.apkg')))
    expect(apkg.notes.map((note) => String(note.flds).split('\x1f')[0])).toEqual([
      'a draft outside it',
    ])
    const again = runDecklab(['build', 'Inbox/draft.md', '-o', 'draft.apkg'], { cwd })
    expect(again.stderr).toMatch(/^unchanged /m)
    expect(again.stderr).toMatch(/warning left-out-by-settings/)
  })

  it('is checked with the warning; a file ignored by a glob too, and none for a file the plugin scans', async () => {
    const cwd = await vault()
    const run = runDecklab(
      ['check', 'Cards/Templates/t.md', 'Cards/a.md', 'Inbox/draft.md', '--json'],
      { cwd },
    )
    expect(run.code, run.stderr).toBe(0)
    expect(codes(run.stdout)).toEqual([
      ['Cards/Templates/t.md', 'left-out-by-settings'],
      ['Inbox/draft.md', 'left-out-by-settings'],
    ])
    expect(run.stdout).toContain('the ignore glob `**/Templates/**`')
    // The whole vault, as the plugin scans it: neither is read, and nothing is said.
    const all = runDecklab(['check', '--json'], { cwd })
    expect(all.code, all.stderr).toBe(0)
    expect(codes(all.stdout)).toEqual([])
    const { notes } = JSON.parse(all.stdout) as { notes: Array<{ file: string }> }
    expect(notes.map((note) => note.file)).toEqual(['Cards/a.md'])
  })
})
