/** Text and counts a newcomer reads (issue 16, item 11). */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

function folder(files: Record<string, string>): Promise<string> {
  return tempProject(files, 'decklab-text-')
}

const withId = (deck: string, id: number) =>
  `---\ndeck: ${deck}\n---\nSTART\nBasic\nQ in ${deck}\nBack: A\n<!--ID: ${id}-->\nEND\n`

describe('duplicate-id', () => {
  it('points at the first note’s ID line, not at its START', async () => {
    const cwd = await folder({
      'a.md': 'START\nBasic\nFirst\nBack: one\n<!--ID: 1708611033509-->\nEND\n',
      'b.md': 'Prose.\n\nSTART\nBasic\nCopy\nBack: two\n<!--ID: 1708611033509-->\nEND\n',
    })
    const result = runDecklab(['check'], { cwd })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      'b.md:7:1 error duplicate-id Unexpected duplicate note id `1708611033509`, expected a unique id (first used at a.md:5)',
    )
  })
})

describe('stats', () => {
  it('aligns its columns for long deck names and sorts decks case-insensitively', async () => {
    const long = 'Networking::Unix Domain Sockets::Ancillary Data::SCM_RIGHTS'
    const cwd = await folder({
      'a.md': withId('beta', 1_700_000_000_001),
      'b.md': withId('Alpha', 1_700_000_000_002),
      'c.md': withId(long, 1_700_000_000_003),
      'd.md': withId('Zulu', 1_700_000_000_004),
    })
    const result = runDecklab(['stats', '.', '--state', join(cwd, '.state')], { cwd })
    expect(result.code, result.stderr).toBe(0)
    const lines = result.stdout.split('\n')
    const header = lines.findIndex((line) => line.startsWith('deck '))
    const table = lines.slice(header, header + 5)
    expect(table.map((line) => line.split(/ {2,}| (?=\d)/)[0]?.trim())).toEqual([
      'deck',
      'Alpha',
      'beta',
      long,
      'Zulu',
    ])
    // Every row ends its last column where the header does.
    const width = table[0]!.length
    for (const row of table) expect(row).toHaveLength(width)
    expect(table[3]).toMatch(new RegExp(`^${long} +1 +1 +0$`))
  })
})

describe('preview and build count decks alike', () => {
  it('counts parent decks as build does', async () => {
    const cwd = await folder({
      'a.md': withId('Course::Math', 1_700_000_000_001),
      'b.md': withId('Course::Geo', 1_700_000_000_002),
      'c.md': withId('Other', 1_700_000_000_003),
    })
    const built = JSON.parse(runDecklab(['build', '--dry-run', '--json'], { cwd }).stdout)
    expect(built.decks).toEqual(['Course', 'Course::Geo', 'Course::Math', 'Other'])
    const preview = runDecklab(['preview', '-o', 'site'], { cwd })
    expect(preview.code, preview.stderr).toBe(0)
    const html = await readFile(join(cwd, 'site', 'index.html'), 'utf8')
    expect(html).toContain('in <strong>4</strong> decks')
  })
})

describe('counts of one and dry runs that would fail', () => {
  it('says "1 card from 1 note" in preview, and a failing dry run says the build would fail', async () => {
    const cwd = await folder({
      '.obsidian/': '',
      'a.md': 'START\nBasic\nQ\nBack: A\n<!--ID: 1700000000001-->\nEND\n',
    })
    const preview = runDecklab(['preview'], { cwd })
    expect(preview.code, preview.stderr).toBe(0)
    expect(preview.stderr).toMatch(/\(1 card from 1 note, 0 media, \d+ ms\)/)

    const broken = await folder({ '.obsidian/': '', 'a.md': 'START\nNope\nQ\nBack: A\nEND\n' })
    const dryRun = runDecklab(['build', '--dry-run'], { cwd: broken })
    expect(dryRun.code).toBe(1)
    expect(dryRun.stderr).toMatch(
      /^dry run: the build would fail on the errors above; nothing written$/m,
    )
    expect(dryRun.stderr).not.toContain('build failed')
    const build = runDecklab(['build'], { cwd: broken })
    expect(build.stderr).toMatch(/^build failed: no package written$/m)
  })
})
