import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { guidForNoteId } from '../../src/model/guid.js'
import { openApkg } from '../anki/read-apkg.js'
import { runDecklab, runDecklabAsync } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

function decklab(cwd: string, ...args: string[]) {
  return runDecklab(args, { cwd })
}

/** A temp project with `notes/` holding the given files. */
const project = (files: Record<string, string | Uint8Array>) => tempProject(files, 'decklab-build-')

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const ids = (text: string) =>
  [...text.matchAll(/<!--ID: (\d+)-->/g)].map((match) => Number(match[1]))

const basicNote = (question: string) =>
  `---\ndeck: Sockets::Basics\n---\n# Notes\n\nSTART\nBasic\n${question}\nBack: An answer\nTags: uds\nEND\n`

describe('decklab build', () => {
  it('writes missing IDs back and a package whose notes carry them', async () => {
    const cwd = await project({
      'notes/a.md': basicNote('What is a socket?'),
      'notes/b.md':
        '---\ndeck: Sockets\n---\nSTART\nCloze\n{{c1::bind}} before {{c2::listen}}\nEND\n',
    })
    const result = decklab(cwd, 'build', '--json')
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const summary = JSON.parse(result.stdout)
    expect(Object.keys(summary)).toEqual([
      'output',
      'written',
      'unchanged',
      'partial',
      'notes',
      'cards',
      'media',
      'decks',
      'ids',
      'removed',
      'diagnostics',
    ])
    expect(summary).toMatchObject({ output: 'dist/Sockets.apkg', notes: 2, cards: 3, media: 0 })
    expect(summary.removed).toEqual({ ids: [], search: null })
    const [idA] = ids(await readFile(join(cwd, 'notes/a.md'), 'utf8'))
    const [idB] = ids(await readFile(join(cwd, 'notes/b.md'), 'utf8'))
    expect(String(idA)).toMatch(/^\d{13}$/)
    expect(idB).not.toBe(idA)
    expect(await readFile(join(cwd, 'notes/a.md'), 'utf8')).toBe(
      basicNote('What is a socket?').replace('END\n', `<!--ID: ${idA}-->\nEND\n`),
    )
    const apkg = await openApkg(await readFile(join(cwd, 'dist/Sockets.apkg')))
    expect(apkg.notes.map((note) => [note.id, note.guid]).sort()).toEqual(
      [idA as number, idB as number].sort().map((id) => [id, guidForNoteId(id)]),
    )
    const deckNames = Object.values(apkg.decks).map((deck) => deck.name)
    expect(deckNames).toContain('Sockets::Basics')
    expect(summary.decks).toEqual(['Sockets', 'Sockets::Basics'])
  })

  it('--deck puts every note into the named deck', async () => {
    const cwd = await project({ 'notes/a.md': basicNote('Q1') })
    const result = decklab(cwd, 'build', '--deck', 'Other::Place', '--json')
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({
      output: 'dist/Other.apkg',
      decks: ['Other', 'Other::Place'],
    })
  })

  it('keeps GUIDs and mod when nothing changed, and gives byte-identical packages', async () => {
    const cwd = await project({ 'notes/a.md': basicNote('Q1'), 'notes/b.md': basicNote('Q2') })
    expect(decklab(cwd, 'build').code).toBe(0)
    const output = join(cwd, 'dist/Sockets.apkg')
    const first = await readFile(output)
    const again = decklab(cwd, 'build')
    expect(again.stderr).toMatch(/^unchanged dist\/Sockets.apkg/m)
    // Without the package, the rebuild writes it again from the recorded mods: same bytes.
    await rm(output)
    expect(decklab(cwd, 'build').code).toBe(0)
    expect(sha256(await readFile(output))).toBe(sha256(first))
  })

  it('rebuilds when a note file is added after an unchanged build', async () => {
    const cwd = await project({ 'notes/a.md': basicNote('Q1') })
    expect(decklab(cwd, 'build').code).toBe(0)
    expect(decklab(cwd, 'build').stderr).toMatch(/^unchanged /m)
    await mkdir(join(cwd, 'notes/more'))
    await writeFile(join(cwd, 'notes/more/b.md'), basicNote('Q2'))
    const result = decklab(cwd, 'build', '--json')
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).notes).toBe(2)
    const apkg = await openApkg(await readFile(join(cwd, 'dist/Sockets.apkg')))
    expect(apkg.notes).toHaveLength(2)
  })

  it('reads the notes again when the quick index is missing or damaged, and records it anew', async () => {
    const cwd = await project({ 'notes/a.md': basicNote('Q1'), 'notes/b.md': basicNote('Q2') })
    expect(decklab(cwd, 'build').code).toBe(0)
    // The first build wrote the IDs just before it stamped the notes (racy: see stat-key.ts),
    // so the key to compare with is the one the next build records.
    expect(decklab(cwd, 'build').code).toBe(0)
    const index = join(cwd, 'dist/.decklab-build/index.json')
    const recorded = await readFile(index, 'utf8')
    for (const damage of ['{"', JSON.stringify({ x: 1 }), null]) {
      if (damage === null) await rm(index)
      else await writeFile(index, damage)
      const result = decklab(cwd, 'build', '--json')
      expect(result.code).toBe(0)
      expect(JSON.parse(result.stdout)).toMatchObject({ unchanged: true, notes: 2, cards: 2 })
      expect(await readFile(index, 'utf8')).toBe(recorded)
    }
  })

  it('writes the package again when it was rewritten since the quick index was recorded', async () => {
    const cwd = await project({ 'notes/a.md': basicNote('Q1'), 'state/': '' })
    expect(decklab(cwd, 'build').code).toBe(0)
    const index = join(cwd, 'dist/.decklab-build/index.json')
    const recorded = await readFile(index, 'utf8')
    // A build with progress replaces the package and leaves the index as it was.
    const progress = decklab(cwd, 'build', '--with-progress', '--state', 'state', '--json')
    expect(JSON.parse(progress.stdout)).toMatchObject({ written: true })
    expect(await readFile(index, 'utf8')).toBe(recorded)
    const result = decklab(cwd, 'build', '--json')
    expect(JSON.parse(result.stdout)).toMatchObject({ written: true, unchanged: false })
  })

  it('reports the same warnings when it keeps an unchanged package', async () => {
    const cwd = await project({
      'notes/a.md': basicNote('Q1 <script>alert(1)</script>'),
    })
    const first = decklab(cwd, 'build')
    expect(first.code).toBe(0)
    expect(first.stderr).toMatch(/warning unsafe-html-removed/)
    const second = decklab(cwd, 'build')
    expect(second.code).toBe(0)
    expect(second.stderr).toMatch(/^unchanged /m)
    expect(second.stderr).toMatch(/warning unsafe-html-removed/)
  })

  it('keeps the GUID and moves mod forward when a card text changes', async () => {
    const cwd = await project({ 'notes/a.md': basicNote('Q1'), 'notes/b.md': basicNote('Q2') })
    expect(decklab(cwd, 'build').code).toBe(0)
    const output = join(cwd, 'dist/Sockets.apkg')
    const before = await openApkg(await readFile(output))
    const text = await readFile(join(cwd, 'notes/a.md'), 'utf8')
    await writeFile(join(cwd, 'notes/a.md'), text.replace('Q1', 'Q1, edited'))
    expect(decklab(cwd, 'build').code).toBe(0)
    const after = await openApkg(await readFile(output))
    const [editedId] = ids(text)
    const byId = (rows: typeof before.notes) => new Map(rows.map((row) => [row.id, row]))
    const old = byId(before.notes)
    const now = byId(after.notes)
    expect([...now.keys()].sort()).toEqual([...old.keys()].sort())
    for (const [id, note] of now) {
      expect(note.guid).toBe(old.get(id)?.guid)
      if (id === editedId) {
        expect(note.flds).toContain('Q1, edited')
        expect(Number(note.mod)).toBeGreaterThan(Number(old.get(id)?.mod))
      } else expect(note.mod).toBe(old.get(id)?.mod)
    }
  })

  it('round-trips CRLF, BOM and inline notes, and leaves fenced examples alone', async () => {
    const crlf = '\uFEFFSTART\r\nBasic\r\nQ?\r\nBack: A\r\nEND\r\n'
    const inline = 'Intro STARTI [Basic] Inline Q Back: Inline A ENDI done\n'
    const fenced =
      '````markdown\nSTART\nBasic\nExample only\nEND\n````\n\nSTART\nBasic\nReal\nEND\n'
    const cwd = await project({
      'notes/crlf.md': crlf,
      'notes/inline.md': inline,
      'notes/fenced.md': fenced,
    })
    const result = decklab(cwd, 'build', '-o', 'out.apkg', '--json')
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).notes).toBe(3)
    const crlfAfter = await readFile(join(cwd, 'notes/crlf.md'), 'utf8')
    const [crlfId] = ids(crlfAfter)
    expect(crlfAfter).toBe(
      `\uFEFFSTART\r\nBasic\r\nQ?\r\nBack: A\r\n<!--ID: ${crlfId}-->\r\nEND\r\n`,
    )
    const inlineAfter = await readFile(join(cwd, 'notes/inline.md'), 'utf8')
    const [inlineId] = ids(inlineAfter)
    expect(inlineAfter).toBe(
      `Intro STARTI [Basic] Inline Q Back: Inline A <!--ID: ${inlineId}--> ENDI done\n`,
    )
    const fencedAfter = await readFile(join(cwd, 'notes/fenced.md'), 'utf8')
    const [fencedId] = ids(fencedAfter)
    expect(fencedAfter).toBe(fenced.replace('Real\nEND', `Real\n<!--ID: ${fencedId}-->\nEND`))
    // A second build finds every ID and changes no file.
    const again = decklab(cwd, 'build', '-o', 'out.apkg')
    expect(again.code).toBe(0)
    expect(await readFile(join(cwd, 'notes/crlf.md'), 'utf8')).toBe(crlfAfter)
    expect(await readFile(join(cwd, 'notes/inline.md'), 'utf8')).toBe(inlineAfter)
  })

  it('--frozen fails on a missing ID and writes nothing', async () => {
    const cwd = await project({ 'notes/a.md': basicNote('Q1') })
    const result = decklab(cwd, 'build', '--frozen')
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^notes\/a\.md:6:1 error missing-id /m)
    expect(await readFile(join(cwd, 'notes/a.md'), 'utf8')).toBe(basicNote('Q1'))
    expect(existsSync(join(cwd, 'dist'))).toBe(false)
  })

  it('--dry-run says what it would do and writes nothing', async () => {
    const cwd = await project({ 'notes/a.md': basicNote('Q1') })
    const result = decklab(cwd, 'build', '--dry-run')
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/^would write <!--ID: \d{13}--> to notes\/a\.md:6$/m)
    expect(result.stderr).toMatch(/dry run: would write 1 ID and dist\/Sockets\.apkg/)
    expect(await readFile(join(cwd, 'notes/a.md'), 'utf8')).toBe(basicNote('Q1'))
    expect(existsSync(join(cwd, 'dist'))).toBe(false)
  })

  it('on an error diagnostic exits 1 and writes neither IDs nor a package', async () => {
    const cwd = await project({
      'notes/a.md': basicNote('Q1'),
      'notes/broken.md': 'START\nBasic\nNo end here\n',
    })
    const result = decklab(cwd, 'build')
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^notes\/broken\.md:\d+:\d+ error /m)
    expect(result.stderr).toContain('no package written')
    expect(await readFile(join(cwd, 'notes/a.md'), 'utf8')).toBe(basicNote('Q1'))
    expect(existsSync(join(cwd, 'dist'))).toBe(false)
  })

  it('packages media inside the vault and never media outside it', async () => {
    const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])
    const inside = await project({
      'notes/a.md': 'START\nBasic\nPicture ![[pic.png]]\nBack: A\nEND\n',
      'notes/pic.png': png,
    })
    const ok = decklab(inside, 'build', '-o', 'out.apkg', '--json')
    expect(ok.code).toBe(0)
    const apkg = await openApkg(await readFile(join(inside, 'out.apkg')))
    expect(Object.keys(apkg.media)).toEqual(['0'])
    const name = apkg.media['0'] as string
    expect(name).toMatch(/^pic.*\.png$/)
    expect([...(apkg.files['0'] ?? [])]).toEqual([...png])
    expect(String(apkg.notes[0]?.flds)).toContain(`<img src="${name}"`)

    // Without .obsidian/ the vault is the folder decklab runs in (`vault/`).
    const outside = await project({
      'vault/notes/a.md': 'START\nBasic\nSecret ![](../../secret.png)\nBack: A\nEND\n',
      'secret.png': png,
    })
    const refused = decklab(join(outside, 'vault'), 'build', 'notes', '-o', 'out.apkg')
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/error media-outside-vault .*outside the vault root `\.`/)
    expect(await readdir(join(outside, 'vault'))).not.toContain('out.apkg')
  })

  it('packages `![](foo:bar.png)` as the vault file `foo:bar.png`, not as a URL', async () => {
    const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])
    const cwd = await project({
      'notes/a.md': 'START\nBasic\nWhat does it show?\nBack: ![](foo:bar.png)\nEND\n',
      'notes/foo:bar.png': png,
    })
    const result = decklab(cwd, 'build', '-o', 'out.apkg')
    expect(result.code, result.stderr).toBe(0)
    const apkg = await openApkg(await readFile(join(cwd, 'out.apkg')))
    const [name] = Object.values(apkg.media)
    expect(name).toMatch(/^foo_bar-[0-9a-f]+\.png$/)
    expect([...(apkg.files['0'] ?? [])]).toEqual([...png])
    expect(String(apkg.notes[0]?.flds)).toContain(`<img src="${name}">`)
  })

  it('ships, previews and checks only the media the cards show, never a link commented out', async () => {
    const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])
    const cwd = await project({
      'notes/a.md':
        'START\nBasic\nWhat does it show? ![[shown.png]]\n' +
        'Back: A socket <textarea>![](secret.png)</textarea>\n> <!-- draft\n\n![](secret.png) ![](gone.png)\nEND\n',
      'notes/shown.png': png,
      'notes/secret.png': new TextEncoder().encode('not for the students'),
    })
    const build = decklab(cwd, 'build', '-o', 'out.apkg', '--json')
    expect(build.code, build.stderr).toBe(0)
    const apkg = await openApkg(await readFile(join(cwd, 'out.apkg')))
    expect(Object.values(apkg.media)).toEqual([expect.stringMatching(/^shown-[0-9a-f]+\.png$/)])
    expect(String(apkg.notes[0]?.flds)).not.toContain('secret')

    // `gone.png` is missing, but only the comment names it: no error.
    const check = decklab(cwd, 'check', '--json')
    expect(check.code, check.stderr).toBe(0)
    const { diagnostics } = JSON.parse(check.stdout) as { diagnostics: { code: string }[] }
    expect(diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['unsafe-html-removed'])

    const preview = await runDecklabAsync(['preview', '-o', 'site'], { cwd })
    expect(preview.code, preview.stderr).toBe(0)
    expect((await readdir(join(cwd, 'site'))).filter((name) => name.endsWith('.png'))).toEqual(
      Object.values(apkg.media),
    )
  })
})
