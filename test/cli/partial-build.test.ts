/**
 * Partial builds leave the full deck alone, `--dry-run` shows the IDs a
 * build then writes, and `--json` says what happened (issue 16, items 2 and 11).
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile, stat, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

function folder(files: Record<string, string | Uint8Array>): Promise<string> {
  return tempProject(files, 'decklab-partial-')
}

const note = (question: string) => `START\nBasic\n${question}\nBack: an answer\nEND\n`

/** A vault with `.obsidian/` and eleven notes in three files. */
const vaultFiles = {
  '.obsidian/': '',
  'math.md': `---\ndeck: Course::Math\n---\n${note('What is 1+1?')}`,
  'geo.md': `---\ndeck: Course::Geo\n---\n${[1, 2, 3, 4, 5].map((n) => note(`Geo ${n}?`)).join('\n')}`,
  'sub/more.md': `---\ndeck: Course::More\n---\n${[1, 2, 3, 4, 5].map((n) => note(`More ${n}?`)).join('\n')}`,
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

function build(cwd: string, ...args: string[]) {
  const result = runDecklab(['build', ...args, '--json'], { cwd })
  expect(result.code, result.stderr).toBe(0)
  return JSON.parse(result.stdout)
}

describe('partial builds', () => {
  it('a partial build writes its own package and leaves the full one and its record alone', async () => {
    const cwd = await folder(vaultFiles)
    const full = build(cwd, '.')
    expect(full).toMatchObject({ output: 'dist/Course.apkg', written: true, partial: false })
    expect(full.ids).toHaveLength(11)
    const fullPath = join(cwd, 'dist/Course.apkg')
    const bytes = await readFile(fullPath)
    const fullStat = await stat(fullPath)
    const record = await readFile(join(cwd, 'dist/.decklab-build/Course.apkg.json'), 'utf8')

    const partial = build(cwd, 'math.md')
    expect(partial).toMatchObject({
      output: 'dist/Course.partial.apkg',
      written: true,
      partial: true,
      notes: 1,
    })
    expect(existsSync(join(cwd, 'dist/Course.partial.apkg'))).toBe(true)
    expect(sha256(await readFile(fullPath))).toBe(sha256(bytes))
    expect((await stat(fullPath)).mtimeMs).toBe(fullStat.mtimeMs)
    expect(await readFile(join(cwd, 'dist/.decklab-build/Course.apkg.json'), 'utf8')).toBe(record)

    const again = build(cwd, '.')
    expect(again).toMatchObject({ output: 'dist/Course.apkg', written: false, unchanged: true })
    expect(again.ids).toEqual([])
    expect(sha256(await readFile(fullPath))).toBe(sha256(bytes))

    // Standing in a folder of the vault and naming nothing is the whole vault too.
    const fromSub = runDecklab(['build', '--json', '-o', join(cwd, 'dist/Course.apkg')], {
      cwd: join(cwd, 'sub'),
    })
    expect(JSON.parse(fromSub.stdout)).toMatchObject({ unchanged: true, partial: false })
  })

  it('a partial build asked to write over the full package keeps the other notes’ stamps', async () => {
    const cwd = await folder(vaultFiles)
    build(cwd)
    const fullPath = join(cwd, 'dist/Course.apkg')
    const bytes = await readFile(fullPath)
    // Another second on the clock, so a lost stamp would show as a new mod.
    await new Promise((resolve) => setTimeout(resolve, 1100))
    const partial = build(cwd, 'math.md', '-o', 'dist/Course.apkg')
    expect(partial).toMatchObject({ written: true, partial: true, notes: 1 })
    const again = build(cwd)
    expect(again).toMatchObject({ written: true, partial: false, notes: 11 })
    expect(sha256(await readFile(fullPath))).toBe(sha256(bytes))
  })
})

describe('what a partial build tells its user', () => {
  it('says how to build a folder as a deck of its own when no `.obsidian/` marks the vault', async () => {
    // `cd ~ && decklab build cards` (`notes/` would be the course's default, a whole build): the folder run in is the vault, so this is part of it.
    const parent = await folder({ 'cards/a.md': note('Alpha?'), 'cards/b.md': note('Beta?') })
    const fromAbove = runDecklab(['build', 'cards'], { cwd: parent })
    expect(fromAbove.code, fromAbove.stderr).toBe(0)
    expect(fromAbove.stderr).toContain(
      'partial build: only the notes under `cards` are in this package',
    )
    expect(fromAbove.stderr).toContain(
      'run `decklab build` inside `cards` to build it as a deck of its own',
    )
    // Run inside it, as the notice says: the whole deck.
    const inside = runDecklab(['build', '--json'], { cwd: join(parent, 'cards') })
    expect(JSON.parse(inside.stdout)).toMatchObject({ partial: false, notes: 2 })
  })

  it('keeps the short notice inside a vault `.obsidian/` marks', async () => {
    const cwd = await folder(vaultFiles)
    const result = runDecklab(['build', 'sub'], { cwd })
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toContain(
      'partial build: only the named notes are in this package; `decklab build` with no paths builds the whole deck',
    )
  })
})

describe('build --dry-run and --json', () => {
  it('--dry-run shows the IDs that the build then writes', async () => {
    const cwd = await folder({ 'a.md': note('A?') + note('B?'), 'b.md': note('C?') })
    const dry = runDecklab(['build', '--dry-run', '--json'], { cwd })
    expect(dry.code).toBe(0)
    const planned = JSON.parse(dry.stdout)
    expect(planned).toMatchObject({ dryRun: true, written: false })
    expect(planned.ids).toHaveLength(3)
    const built = build(cwd)
    const idsAndFiles = (ids: { id: number; file: string }[]) =>
      ids.map(({ id, file }) => ({ id, file }))
    expect(idsAndFiles(built.ids)).toEqual(idsAndFiles(planned.ids))
    // Each at its note's line: in the file as it is for the dry run, as written for the build
    // (B's block moved down by A's new ID line), as their warnings are.
    expect(planned.ids.map((write: { line: number }) => write.line)).toEqual([1, 6, 1])
    expect(built.ids.map((write: { line: number }) => write.line)).toEqual([1, 7, 1])
    const text = await readFile(join(cwd, 'a.md'), 'utf8')
    expect(text).toContain(`<!--ID: ${planned.ids[0].id}-->`)
    expect(text).toContain(`<!--ID: ${planned.ids[1].id}-->`)
  })

  it('says "1 note, 1 card, 1 deck" and "2 notes, 2 cards, 2 decks"', async () => {
    const one = await folder({ 'a.md': note('A?') })
    expect(runDecklab(['build'], { cwd: one }).stderr).toContain(
      '(1 note, 1 card, 0 media, 1 deck)',
    )
    const two = await folder({ 'a.md': `---\ndeck: X::Y\n---\n${note('A?')}\n${note('B?')}` })
    expect(runDecklab(['build'], { cwd: two }).stderr).toContain(
      'wrote 2 new IDs into 1 file\nwrote dist/X.apkg (2 notes, 2 cards, 0 media, 2 decks)',
    )
  })
})

describe('a partial build or check and a note ID the rest of the vault has', () => {
  const block = (front: string) =>
    `START\nBasic\n${front}\nBack: A\n<!--ID: 1735689600000-->\nEND\n`

  it('is the duplicate-id error at the named note, naming the other note, and nothing is built', async () => {
    const cwd = await folder({
      '.obsidian/': '',
      'a.md': block('Q a'),
      'c.md': block('Q copy of a'),
    })
    const atCopy =
      /^c\.md:5:1 error duplicate-id Unexpected duplicate note id `1735689600000`, expected a unique id \(also used at a\.md:5, outside the paths read\)$/m
    const built = runDecklab(['build', 'c.md'], { cwd })
    expect(built.code).toBe(1)
    expect(built.stderr).toMatch(atCopy)
    expect(existsSync(join(cwd, 'dist'))).toBe(false)
    const checked = runDecklab(['check', 'c.md'], { cwd })
    expect(checked.code).toBe(1)
    expect(checked.stderr).toMatch(atCopy)
    // Naming the first note instead: it is the one read, so the error is there.
    const first = runDecklab(['check', 'a.md'], { cwd })
    expect(first.code).toBe(1)
    expect(first.stderr).toMatch(/^a\.md:5:1 error duplicate-id .*\(also used at c\.md:5, /m)
    // Both named: the loader's own check, once, at the later copy.
    const both = runDecklab(['check', 'a.md', 'c.md'], { cwd })
    expect(both.stderr).toMatch(/^c\.md:5:1 error duplicate-id .*\(first used at a\.md:5\)$/m)
    expect(both.stderr).toContain('1 error,')
  })

  it('is looked for where a full build reads: `notes/` here, not the folder decklab runs in (a backup, a home folder)', async () => {
    // No `.obsidian/`: a full build run here reads `notes/` only.
    const cwd = await folder({
      'notes/c.md': block('Q c'),
      'backup/notes/c.md': block('Q c, last month'),
    })
    const checked = runDecklab(['check', 'notes/c.md'], { cwd })
    expect(checked.stderr).toContain('0 errors')
    expect(checked.code).toBe(0)
    expect(runDecklab(['check'], { cwd }).stderr).toContain('0 errors')
    // A copy inside `notes/` is a duplicate to a full build, and so to a partial one.
    await writeFile(join(cwd, 'notes/copy.md'), block('Q copy of c'))
    const copied = runDecklab(['check', 'notes/c.md'], { cwd })
    expect(copied.code).toBe(1)
    expect(copied.stderr).toMatch(
      /^notes\/c\.md:5:1 error duplicate-id .*\(also used at notes\/copy\.md:5, /m,
    )
  })

  it('is no error when the ID is only text there, or the other file is a link to the named one', async () => {
    const cwd = await folder({
      '.obsidian/': '',
      'c.md': block('Q c'),
      'prose.md':
        'Its ID: 1735689600000 is in prose, and in code:\n```\n<!--ID: 1735689600000-->\n```\n',
    })
    await symlink('c.md', join(cwd, 'link.md'))
    const checked = runDecklab(['check', 'c.md'], { cwd })
    expect(checked.stderr).toContain('0 errors')
    expect(checked.code).toBe(0)
  })
})
