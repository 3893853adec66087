import { existsSync, readdirSync } from 'node:fs'
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { checkNotes } from '../../../src/commands/build/prepare-notes.js'
import { cardOrds } from '../../../src/model/cards.js'
import type { Note } from '../../../src/model/note.js'
import { loadVault } from '../../../src/notes/load-vault.js'
import { packageRoot } from '../../../src/package-info.js'
import { loadProblemRenderer, loadRenderer } from '../../../src/render/load-renderer.js'
import { renderNote } from '../../../src/render/render-note.js'
import { generateVault } from '../../bench/generate-vault.mjs'
import { readFixtureNote } from '../../render/fixture-note.js'
import { runDecklab } from '../../support/decklab.js'
import { sharedPath, sharedPathUnavailable } from '../../support/shared-folder.js'

// `decklab check` renders only the notes that can have a render problem
// (`src/render/html-check-scan.ts`). Its diagnostics must be exactly those of
// rendering every note, as `decklab build` does.
const root = packageRoot()
const now = new Date('2026-01-01T00:00:00Z')

/** Check's diagnostics with the shortcut and with every note rendered. */
async function bothWays(cwd: string, paths: string[]) {
  const options = { cwd, paths, now }
  // As `decklab check` runs it: only problem notes rendered, and the notes whose cards are
  // compared with the last build's record rendered whole.
  const shortcut = await checkNotes(options, {
    loadVault,
    loadRenderer: loadProblemRenderer,
    loadCardRenderer: loadRenderer,
  })
  const everything = await checkNotes(options, {
    loadVault,
    loadRenderer: async () => renderNote,
    loadCardRenderer: async () => renderNote,
  })
  // Each note's cards, from the fields the shortcut rendered, the Markdown or a render of its own.
  const notes = shortcut.vault.notes
  expect(notes.map(shortcut.cards)).toEqual(everything.vault.notes.map(everything.cards))
  expect(notes.map(shortcut.cards)).toEqual(notes.map((note) => renderedCards(note)))
  return { shortcut: shortcut.diagnostics, everything: everything.diagnostics }
}

/** A note's cards in the package: from all its rendered fields (none for the user's own type). */
function renderedCards(note: Note): number[] {
  return cardOrds({ noteType: note.noteType, fields: renderNote(note).fields })
}

/** Vault folders of the fixtures, each checked as `decklab check <folder>` would be. */
function fixtureFolders(group: string): string[] {
  const directory = join(root, 'test', 'fixtures', group)
  return readdirSync(directory).map((name) => join(directory, name))
}

const conformance = sharedPath('conformance', 'obsidian_to_anki', 'suites')
const conformanceUnavailable = sharedPathUnavailable(conformance, 'the conformance suites')

describe('check renders only the notes that can have a problem', () => {
  it('reports what rendering everything reports on the course', async () => {
    const { shortcut, everything } = await bothWays(root, ['notes'])
    expect(shortcut).toEqual(everything)
  })

  it.each([...fixtureFolders('notes'), ...fixtureFolders('adversarial')])(
    'reports what rendering everything reports on %s',
    async (folder) => {
      const { shortcut, everything } = await bothWays(folder, ['.'])
      expect(shortcut).toEqual(everything)
    },
  )

  it('reports the render problems of the adversarial fixtures (the comparison is not empty)', async () => {
    const codes = new Set<string>()
    for (const folder of fixtureFolders('adversarial')) {
      for (const diagnostic of (await bothWays(folder, ['.'])).shortcut) codes.add(diagnostic.code)
    }
    expect([...codes]).toEqual(expect.arrayContaining(['missing-media', 'media-outside-vault']))
  })

  it('finds the media and problems of every render fixture', async () => {
    const directory = join(root, 'test', 'fixtures', 'render')
    const cases = readdirSync(directory).filter((name) =>
      existsSync(join(directory, name, 'input.md')),
    )
    expect(cases.length).toBeGreaterThan(10)
    for (const name of cases) {
      const note = readFixtureNote(join(directory, name))
      const full = renderNote(note)
      const found = (await loadProblemRenderer([note]))(note)
      expect({ media: found.media, diagnostics: found.diagnostics }, name).toEqual({
        media: full.media,
        diagnostics: full.diagnostics,
      })
    }
  })

  // With a build's record beside the notes, check also counts their cards against it: the
  // fresh clone's `npx decklab build` left one, and a check that counted cards from the problem
  // renderer's partial output said 41 reversed cards of the course were lost.
  it('reports what rendering everything reports on the course after a build of it', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'decklab-check-shortcut-'))
    onTestFinished(() => rm(directory, { recursive: true, force: true }))
    await cp(join(root, 'notes'), join(directory, 'notes'), { recursive: true })
    const built = runDecklab(['build'], { cwd: directory })
    expect(built.code, built.stderr).toBe(0)
    expect(existsSync(join(directory, 'dist', '.decklab-build'))).toBe(true)
    const { shortcut, everything } = await bothWays(directory, ['notes'])
    expect(shortcut).toEqual(everything)
    expect(shortcut.filter((diagnostic) => diagnostic.code === 'card-removed')).toEqual([])
  })

  it('reports what rendering everything reports on a generated vault', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'decklab-check-shortcut-'))
    onTestFinished(() => rm(directory, { recursive: true, force: true }))
    await generateVault(join(directory, 'vault'), { notes: 600, files: 60 })
    const { shortcut, everything } = await bothWays(directory, ['vault'])
    expect(shortcut).toEqual(everything)
  })

  it.skipIf(conformanceUnavailable !== undefined)(
    `reports what rendering everything reports on the conformance vaults${conformanceUnavailable ? ` (skipped: ${conformanceUnavailable})` : ''}`,
    async () => {
      for (const suite of readdirSync(conformance)) {
        const { shortcut, everything } = await bothWays(dirname(join(conformance, suite)), [suite])
        expect(shortcut, suite).toEqual(everything)
      }
    },
  )
})
