import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { commandTable } from '../../src/cli/commands.js'
import { loadLabCatalog } from '../../src/labs/registry.js'
import { cardOrds } from '../../src/model/cards.js'
import type { LabCatalog } from '../../src/model/lab-catalog.js'
import type { Note } from '../../src/model/note.js'
import { noteTypes } from '../../src/model/note-types.js'
import { loadVault, type Vault } from '../../src/notes/load-vault.js'
import { packageRoot } from '../../src/package-info.js'

// The shipped course: the promises issue 5 makes about `notes/`, checked
// statically (whether each answer is true is `decklab verify`'s job).
const root = packageRoot()
const notesDirectory = join(root, 'notes')
const rootDeck = 'Unix Domain Sockets'

let vault: Vault
let catalog: LabCatalog

beforeAll(async () => {
  catalog = await loadLabCatalog()
  vault = await loadVault({ cwd: root, paths: ['notes'], labs: catalog })
})

function describeNote(note: Note): string {
  return `${note.source.file}:${note.source.line}`
}

describe('the UDS course in notes/', () => {
  it('loads with no diagnostics at all', () => {
    expect(vault.diagnostics).toEqual([])
  })

  it('has at least 100 cards', () => {
    const cards = vault.notes.reduce((total, note) => total + cardOrds(note).length, 0)
    expect(cards).toBeGreaterThanOrEqual(100)
  })

  it('uses all five note types', () => {
    const used = new Set(vault.notes.map((note) => note.noteType))
    expect([...used].sort()).toEqual(noteTypes.map((type) => type.name).sort())
  })

  it('puts every note in a subdeck of one root deck, tagged uds', () => {
    const misplaced = vault.notes.filter(
      (note) => !note.deck.startsWith(`${rootDeck}::`) || !note.tags.includes('uds'),
    )
    expect(misplaced.map(describeNote)).toEqual([])
  })

  it('gives every note an ID, and no ID twice', () => {
    const missing = vault.notes.filter((note) => note.id === null)
    expect(missing.map(describeNote)).toEqual([])
    const ids = vault.notes.map((note) => note.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('links every note to a lab, or gives the reason no lab here can test it in the audit', async () => {
    // docs/lab-audit.md, "Not tested here": one row per note that links no lab,
    // `| ID | note | card | reason |`, with a reason a learner can read.
    const audit = await readFile(join(root, 'docs', 'lab-audit.md'), 'utf8')
    const section = audit.split('## Not tested here')[1] ?? ''
    const reasons = new Map(
      [...section.matchAll(/^\| (\d+) \|[^|]*\|(?:[^|]|\\\|)*\| (.+) \|$/gm)].map((match) => [
        Number(match[1]),
        match[2]?.trim() ?? '',
      ]),
    )
    const unlinked = vault.notes.filter((note) => note.labs.length === 0)
    const withoutReason = unlinked.filter(
      (note) => note.id === null || (reasons.get(note.id)?.split(/\s+/).length ?? 0) < 5,
    )
    expect(withoutReason.map(describeNote)).toEqual([])
    // And the audit lists no reason for a note that does link a lab.
    const linked = new Set(
      vault.notes.filter((note) => note.labs.length > 0).map((note) => note.id),
    )
    expect([...reasons.keys()].filter((id) => linked.has(id))).toEqual([])
    // At most one note in ten goes untested.
    expect(unlinked.length * 10).toBeLessThanOrEqual(vault.notes.length)
  })

  it('lists every lab link in the audit table', async () => {
    const audit = await readFile(join(root, 'docs', 'lab-audit.md'), 'utf8')
    // A link to a check as `lab#check`, a link to a whole lab as `lab`.
    const listed = new Set(
      [...audit.matchAll(/\| `([a-z0-9-]+(?:#[a-z0-9-]+)?)` \|/g)].map((match) => match[1]),
    )
    const missing = vault.notes
      .flatMap((note) =>
        note.labs.map((link) =>
          link.check === undefined ? link.lab : `${link.lab}#${link.check}`,
        ),
      )
      .filter((link) => !listed.has(link))
    expect([...new Set(missing)]).toEqual([])
  })

  it('names each note in the audit tables by the line its block starts on', async () => {
    const audit = await readFile(join(root, 'docs', 'lab-audit.md'), 'utf8')
    // `| 03:44 | question… |`: the note file numbered 03, its block at line 44.
    const starts = new Set(
      vault.notes.map(
        (note) => `${note.source.file.split('/').pop()?.slice(0, 2)}:${note.source.line}`,
      ),
    )
    const rows = [...audit.matchAll(/^\|(?: \d+ \|)? (\d\d:\d+) \|/gm)].map((match) => match[1])
    expect(rows.length).toBeGreaterThan(100)
    expect([...new Set(rows.filter((row) => !starts.has(row!)))]).toEqual([])
  })

  it('links only labs and checks that exist', () => {
    const broken: string[] = []
    for (const note of vault.notes) {
      for (const link of note.labs) {
        const checks = catalog.checks.get(link.lab)
        if (!checks) broken.push(`${describeNote(note)} lab ${link.lab}`)
        else if (link.check !== undefined && !checks.includes(link.check))
          broken.push(`${describeNote(note)} check ${link.lab}#${link.check}`)
      }
    }
    expect(broken).toEqual([])
  })

  it('links every type-in card to a lab#check whose value it states', () => {
    const typeIn = vault.notes.filter((note) => note.noteType === 'Basic (type in the answer)')
    expect(typeIn.length).toBeGreaterThan(0)
    const withoutCheck = typeIn.filter(
      (note) => !note.labs.some((link) => link.check !== undefined),
    )
    expect(withoutCheck.map(describeNote)).toEqual([])
    // A short fact, not a sentence: the Back is compared with the check's value.
    // An order (`0 < 1 < 2`) counts its items, not its separators.
    const words = (back: string) => back.split(/\s+/).filter((word) => word !== '<')
    const longAnswers = typeIn.filter((note) => words(note.fields.Back ?? '').length > 3)
    expect(longAnswers.map(describeNote)).toEqual([])
  })

  it('resolves every [[wikilink]] to a note file, and the map links every topic', async () => {
    const files = (await readdir(notesDirectory)).filter((name) => name.endsWith('.md'))
    const titles = new Set(files.map((name) => name.slice(0, -'.md'.length)))
    const dangling: string[] = []
    for (const file of files) {
      const text = await readFile(join(notesDirectory, file), 'utf8')
      for (const match of text.matchAll(/\[\[([^\]|#]+)(?:[#|][^\]]*)?\]\]/g)) {
        const target = (match[1] ?? '').trim()
        if (!titles.has(target)) dangling.push(`${file} → ${target}`)
      }
    }
    expect(dangling).toEqual([])

    const map = await readFile(join(notesDirectory, '00 Start here.md'), 'utf8')
    const unmapped = [...titles].filter(
      (title) => title !== '00 Start here' && !map.includes(`[[${title}]]`),
    )
    expect(unmapped).toEqual([])
  })

  it("writes the start page's commands as a fresh clone runs them: `npx decklab <command>`", async () => {
    // A clone has no `decklab` on PATH: a student typing `decklab lab run …`
    // from the page gets the shell's "command not found".
    const map = await readFile(join(notesDirectory, '00 Start here.md'), 'utf8')
    const commands = [...map.replace(/\s+/g, ' ').matchAll(/`([^`]*)`/g)]
      .map((match) => match[1] ?? '')
      .filter((code) => /\bdecklab [a-z]/.test(code))
    expect(commands.length).toBeGreaterThan(2)
    const wrong = commands.filter((command) => {
      const words = /^npx decklab ([a-z]+)\b/.exec(command)
      return words === null || !Object.hasOwn(commandTable, words[1] ?? '')
    })
    expect(wrong).toEqual([])
  })
})
