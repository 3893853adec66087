import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadLabCatalog } from '../../src/labs/registry.js'
import { cardOrds } from '../../src/model/cards.js'
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
let catalog: Map<string, readonly string[]>

beforeAll(async () => {
  catalog = await loadLabCatalog()
  vault = await loadVault({ cwd: root, paths: ['notes'], knownLabs: catalog })
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

  it('links every note to at least one lab', () => {
    const unlinked = vault.notes.filter((note) => note.labs.length === 0)
    expect(unlinked.map(describeNote)).toEqual([])
  })

  it('links only labs and checks that exist', () => {
    const broken: string[] = []
    for (const note of vault.notes) {
      for (const link of note.labs) {
        const checks = catalog.get(link.lab)
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
    const longAnswers = typeIn.filter((note) => (note.fields.Back ?? '').split(/\s+/).length > 3)
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
})
