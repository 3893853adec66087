/**
 * Which vault a command reads: the default paths and the vault root of any
 * subset (issue 16, items 4 and 6).
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])

function folder(files: Record<string, string | Uint8Array>): Promise<string> {
  return tempProject(files, 'decklab-vault-root-')
}

const embed = (question: string, image: string) =>
  `START\nBasic\n${question} ![[${image}]]\nBack: yes\nEND\n`

describe('the vault root of a subset (no .obsidian/)', () => {
  const files = {
    'geo.md': embed('Geo?', 'diagram.png'),
    'sub/dupes.md': embed('Dupes?', 'diagram.png'),
    'img/diagram.png': png,
  }

  it.each([[['.']], [['sub']], [['geo.md', 'sub/dupes.md']], [['sub/dupes.md']]])(
    'finds img/diagram.png for `build %j` run in the vault',
    async (paths) => {
      const cwd = await folder(files)
      const result = runDecklab(['build', ...paths, '--dry-run', '--json'], { cwd })
      expect(result.stderr).toBe('')
      const report = JSON.parse(result.stdout)
      expect(report.diagnostics).toEqual([])
      expect(report.media).toBe(1)
      expect(result.code).toBe(0)
    },
  )

  it('names the vault root in a missing-media error', async () => {
    const cwd = await folder({ 'sub/a.md': embed('A?', 'gone.png') })
    const result = runDecklab(['check', 'sub'], { cwd })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      'sub/a.md:3:7 error missing-media Unexpected missing media file `gone.png`, expected a file next to the note, at that path from the vault root `.`, or with that name in that vault',
    )
  })

  it('takes the folder holding .obsidian/ as the root, wherever decklab runs', async () => {
    const cwd = await folder({
      'vault/.obsidian/': '',
      'vault/notes/a.md': embed('A?', 'gone.png'),
    })
    const result = runDecklab(['check', 'vault/notes'], { cwd })
    expect(result.stderr).toContain('from the vault root `vault`')
  })
})

describe('the default paths', () => {
  it('inside a vault with .obsidian/, reads the whole vault from any folder in it', async () => {
    const vault = await folder({
      '.obsidian/': '',
      'a.md': embed('A?', 'diagram.png'),
      'deep/b.md': 'START\nBasic\nB?\nBack: b\nEND\n',
      'img/diagram.png': png,
    })
    const top = runDecklab(['check', '--json'], { cwd: vault })
    expect(top.code).toBe(0)
    expect(JSON.parse(top.stdout).notes.map((note: { file: string }) => note.file)).toEqual([
      'a.md',
      'deep/b.md',
    ])
    const deep = runDecklab(['check', '--json'], { cwd: join(vault, 'deep') })
    expect(deep.code).toBe(0)
    expect(JSON.parse(deep.stdout).notes.map((note: { file: string }) => note.file)).toEqual([
      '../a.md',
      'b.md',
    ])
  })

  it('without .obsidian/ or notes/, reads the current folder and writes ./dist', async () => {
    const cwd = await folder({ 'a.md': 'START\nBasic\nA?\nBack: a\nEND\n' })
    const result = runDecklab(['build'], { cwd })
    expect(result.stderr).toContain('wrote dist/Default.apkg')
    expect(result.code).toBe(0)
    expect(existsSync(join(cwd, 'dist', 'Default.apkg'))).toBe(true)
  })

  it('with a notes/ folder and no .obsidian/, reads notes/ (the shipped course)', async () => {
    const cwd = await folder({
      'README.md': 'START\nBasic\nNot a card of the course\nBack: no\nEND\n',
      'notes/a.md': 'START\nBasic\nA?\nBack: a\nEND\n',
    })
    const result = runDecklab(['check', '--json'], { cwd })
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).notes.map((note: { file: string }) => note.file)).toEqual([
      'notes/a.md',
    ])
  })
})
