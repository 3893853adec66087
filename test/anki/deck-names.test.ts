// A deck name Anki would change reaches the package as Anki's form, with a
// warning, and Anki's importer files the cards under exactly that name.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'
import { openApkg } from './read-apkg.js'
import { importAndFind, realAnkiUnavailable } from './real-anki.js'

const block = (front: string) => `START\nBasic\n${front}\nBack: answer\nEND\n`

async function built() {
  const cwd = await tempProject(
    {
      'notes/a.md': `TARGET DECK: Unix :: ::Sock"ets\n\n${block('One')}\n${block('Two')}`,
      'notes/b.md': `TARGET DECK: Unix::Sockets\n\n${block('Three')}`,
    },
    'decklab-deck-names-',
  )
  const result = runDecklab(['build', 'notes', '-o', 'deck.apkg', '--json'], { cwd })
  expect(result.code, result.stderr).toBe(0)
  return { cwd, apkg: join(cwd, 'deck.apkg'), report: JSON.parse(result.stdout) }
}

describe('deck names Anki would change', () => {
  it('are written as Anki keeps them, with one warning for the file', async () => {
    const { apkg, report } = await built()
    const warnings = report.diagnostics.filter(
      (diagnostic: { code: string }) => diagnostic.code === 'deck-name-normalized',
    )
    expect(warnings).toHaveLength(1)
    // At the `TARGET DECK` line that writes the name, not at the file's first note.
    expect(warnings[0]).toMatchObject({ file: 'notes/a.md', line: 1, severity: 'warning' })
    expect(warnings[0].message).toContain('Anki makes it `Unix::blank::Sockets`')
    const names = Object.values((await openApkg(await readFile(apkg))).decks).map(
      (deck) => deck.name,
    )
    expect(names.sort()).toEqual([
      'Default',
      'Unix',
      'Unix::Sockets',
      'Unix::blank',
      'Unix::blank::Sockets',
    ])
  })

  it("in another Unicode form only are Anki's composed form, without a warning", async () => {
    // A Mac writes `é` decomposed (NFD): the same name to the eye and to Anki, which composes it.
    const cwd = await tempProject(
      {
        'notes/a.md': `TARGET DECK: Cafe\u0301\n\n${block('One')}`,
        'notes/b.md': `---\ndeck: Caf\u00e9\n---\n${block('Two')}`,
      },
      'decklab-deck-names-',
    )
    const result = runDecklab(['build', 'notes', '-o', 'deck.apkg', '--json'], { cwd })
    expect(result.code, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout).diagnostics).toEqual([])
    const names = Object.values((await openApkg(await readFile(join(cwd, 'deck.apkg')))).decks)
    expect(names.map((deck) => deck.name).sort()).toEqual(['Caf\u00e9', 'Default'])
  })

  const unavailable = realAnkiUnavailable()
  it.skipIf(unavailable !== undefined)(
    `are the decks Anki's importer files the cards in${unavailable ? ` (skipped: ${unavailable})` : ''}`,
    async () => {
      const { cwd, apkg } = await built()
      const found = importAndFind(join(cwd, 'collection.anki2'), apkg, [
        '',
        '"deck:Unix::blank::Sockets"',
        '"deck:Unix::Sockets"',
      ])
      expect(found['']).toHaveLength(3)
      expect(found['"deck:Unix::blank::Sockets"']).toHaveLength(2)
      expect(found['"deck:Unix::Sockets"']).toHaveLength(1)
    },
  )

  it('have no `<` or `>`, which Anki 2.1.15 would show as HTML in its deck list', async () => {
    const cwd = await tempProject(
      { 'notes/a.md': `---\ndeck: "Payload <img src=x onerror=alert(1)>"\n---\n${block('One')}` },
      'decklab-deck-names-',
    )
    const result = runDecklab(['build', 'notes', '-o', 'deck.apkg', '--json'], { cwd })
    expect(result.code, result.stderr).toBe(0)
    const warnings = JSON.parse(result.stdout).diagnostics.filter(
      (diagnostic: { code: string }) => diagnostic.code === 'deck-name-normalized',
    )
    expect(warnings).toHaveLength(1)
    expect(warnings[0].message).toContain('`Payload img src=x onerror=alert(1)`')
    const names = Object.values((await openApkg(await readFile(join(cwd, 'deck.apkg')))).decks)
    expect(names.map((deck) => deck.name).sort()).toEqual([
      'Default',
      'Payload img src=x onerror=alert(1)',
    ])
  })

  const warningsOf = (report: {
    diagnostics: Array<{ code: string; file: string; message: string }>
  }) => report.diagnostics.filter((diagnostic) => diagnostic.code === 'deck-name-normalized')

  it('are said at the front matter key that writes them', async () => {
    const cwd = await tempProject(
      { 'notes/a.md': `---\ntags: x\ndeck: 'A :: B'\n---\n${block('One')}\n${block('Two')}` },
      'decklab-deck-names-',
    )
    const result = runDecklab(['check', 'notes', '--json'], { cwd })
    expect(result.code, result.stderr).toBe(0)
    const warnings = warningsOf(JSON.parse(result.stdout))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatchObject({ file: 'notes/a.md', line: 3 })
  })

  it('are said once at the settings file when the settings write them, not in every file', async () => {
    const settings = {
      settings: { Defaults: { Deck: 'Unix ::Sockets' }, FOLDER_DECKS: { sub: 'X:: ::Y' } },
    }
    const cwd = await tempProject(
      {
        '.obsidian/plugins/obsidian-to-anki-plugin/data.json': JSON.stringify(settings),
        'a.md': block('One'),
        'b.md': block('Two'),
        'sub/c.md': block('Three'),
        'sub/d.md': block('Four'),
      },
      'decklab-deck-names-',
    )
    const result = runDecklab(['check', '--json'], { cwd })
    expect(result.code, result.stderr).toBe(0)
    const report = JSON.parse(result.stdout)
    const warnings = warningsOf(report)
    expect(warnings.map((warning: { file: string }) => warning.file)).toEqual([
      '.obsidian/plugins/obsidian-to-anki-plugin/data.json',
      '.obsidian/plugins/obsidian-to-anki-plugin/data.json',
    ])
    expect(warnings.map((warning: { message: string }) => warning.message).sort()).toEqual([
      expect.stringContaining('Anki makes it `Unix::Sockets`'),
      expect.stringContaining('Anki makes it `X::blank::Y`'),
    ])
    const decks = report.notes.map((note: { deck: string }) => note.deck).sort()
    expect(decks).toEqual(['Unix::Sockets', 'Unix::Sockets', 'X::blank::Y', 'X::blank::Y'])
  })
})
