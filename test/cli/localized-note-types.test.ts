/**
 * A vault written against a German Anki (`Einfach`, `Lückentext`, fields
 * `Vorderseite`, `Rückseite`): its notes are the stock types, under Anki's
 * own German names. `build` packages them in decklab's notetypes under those
 * names (`Einfach (decklab)`), stable across builds; `preview`, `quiz` and
 * `verify` show them; a type whose fields are not the translation's stays the
 * user's own, and the warning says why.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openApkg } from '../anki/read-apkg.js'
import { realAnkiUnavailable } from '../anki/real-anki.js'
import { validateApkg, validatorUnavailable } from '../anki/validator.js'
import { withAnkiCollection } from '../support/anki-python.js'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const settingsPath = '.obsidian/plugins/obsidian-to-anki-plugin/data.json'
const settings = (fieldsDict: unknown) =>
  JSON.stringify({ settings: { Defaults: { Deck: 'Deutsch' } }, fields_dict: fieldsDict })

/** The plugin's `fields_dict` as a German Anki (the older release's names) gives it. */
const germanFields = {
  Einfach: ['Vorderseite', 'Rückseite'],
  'Einfach (beide Richtungen)': ['Vorderseite', 'Rückseite'],
  'Einfach (eine oder zwei Richtungen)': ['Vorderseite', 'Rückseite', 'Gegenrichtung hinzufügen'],
  'Einfach (Antwort eintippen)': ['Vorderseite', 'Rückseite'],
  Lückentext: ['Text', 'Rückseite Extra'],
}

const notes = [
  'START',
  'Einfach',
  'Hauptstadt von Frankreich?',
  'Rückseite: Paris',
  'END',
  '',
  'START',
  'Einfach (beide Richtungen)',
  'Hund',
  'Rückseite: dog',
  'END',
  '',
  'START',
  'Lückentext',
  'Berlin ist die {{c1::Hauptstadt}} Deutschlands.',
  'Rückseite Extra: seit 1990',
  'END',
  '',
  'STARTI [Einfach (Antwort eintippen)] 2+2? Rückseite: 4 ENDI',
  '',
].join('\n')

type Model = { name: string; flds: Array<{ name: string }>; tmpls: Array<{ qfmt: string }> }

async function built(cwd: string) {
  const apkg = await openApkg(await readFile(join(cwd, 'out.apkg')))
  const models = apkg.models as unknown as Record<string, Model>
  return {
    apkg,
    models,
    /** Each note's notetype name and fields, in the package's order. */
    notes: apkg.notes.map((note) => ({
      type: models[String(note.mid)]?.name,
      fields: String(note.flds).split('\x1f'),
    })),
  }
}

describe("a German Anki's stock note types", () => {
  it('are packaged in notetypes of their German names and fields, the same on every build', async () => {
    const cwd = await tempProject({ [settingsPath]: settings(germanFields), 'a.md': notes })
    const build = runDecklab(['build', '-o', 'out.apkg'], { cwd })
    expect(build.code, build.stderr).toBe(0)
    expect(build.stderr).not.toContain('custom-note-type')
    expect(build.stderr).toContain('wrote out.apkg (4 notes, 5 cards')
    const first = await built(cwd)
    expect(first.notes).toEqual([
      { type: 'Einfach (decklab)', fields: ['Hauptstadt von Frankreich?', 'Paris', ''] },
      { type: 'Einfach (beide Richtungen) (decklab)', fields: ['Hund', 'dog', ''] },
      {
        type: 'Lückentext (decklab)',
        fields: ['Berlin ist die {{c1::Hauptstadt}} Deutschlands.', 'seit 1990', ''],
      },
      { type: 'Einfach (Antwort eintippen) (decklab)', fields: ['2+2?', '4', ''] },
    ])
    const einfach = Object.values(first.models).find((model) => model.name === 'Einfach (decklab)')
    expect(einfach?.flds.map((field) => field.name)).toEqual(['Vorderseite', 'Rückseite', 'Lab'])
    expect(einfach?.tmpls.map((template) => template.qfmt)).toEqual(['{{Vorderseite}}'])
    const typed = Object.values(first.models).find((model) =>
      model.name.startsWith('Einfach (Antwort'),
    )
    expect(typed?.tmpls[0]?.qfmt).toBe('{{Vorderseite}}\n\n{{type:Rückseite}}')
    // decklab's five stay as they are, under their fixed ids.
    expect(first.models['1598594070761']?.name).toBe('Basic (decklab)')
    // A second build, and one from another copy of the vault: the same notetype ids.
    const again = runDecklab(['build', '-o', 'out.apkg'], { cwd })
    expect(again.stderr).toContain('unchanged out.apkg')
    const other = await tempProject({ [settingsPath]: settings(germanFields), 'a.md': notes })
    expect(runDecklab(['build', '-o', 'out.apkg'], { cwd: other }).code).toBe(0)
    expect(Object.keys((await built(other)).models).sort()).toEqual(
      Object.keys(first.models).sort(),
    )
    if (validatorUnavailable() === undefined) {
      const validated = validateApkg(join(cwd, 'out.apkg'))
      expect(validated.code, validated.output).toBe(0)
    }
  })

  it('are read by their names alone in a vault without the plugin settings', async () => {
    const cwd = await tempProject({ '.obsidian/app.json': '{}', 'a.md': notes })
    const build = runDecklab(['build', '-o', 'out.apkg'], { cwd })
    expect(build.code, build.stderr).toBe(0)
    expect((await built(cwd)).notes.map((note) => note.type)).toEqual([
      'Einfach (decklab)',
      'Einfach (beide Richtungen) (decklab)',
      'Lückentext (decklab)',
      'Einfach (Antwort eintippen) (decklab)',
    ])
  })

  it('are shown by preview and asked by the quiz', async () => {
    const cwd = await tempProject({ [settingsPath]: settings(germanFields), 'a.md': notes })
    const preview = runDecklab(['preview', '-o', 'site', '--json'], { cwd })
    expect(preview.code, preview.stderr).toBe(0)
    expect(JSON.parse(preview.stdout)).toMatchObject({ notes: 4, cards: 5, diagnostics: [] })
    const page = await readFile(join(cwd, 'site', 'index.html'), 'utf8')
    expect(page).toContain('Hauptstadt von Frankreich?')
    const quiz = runDecklab(
      ['quiz', '--answers', '-', '--state', join(cwd, 'state'), '--cram', '--json'],
      { cwd, input: 'good\ngood\ngood\n4\ngood\n' },
    )
    expect(quiz.code, quiz.stderr).toBe(0)
    expect(quiz.stderr).not.toContain('left out')
    // `--cram` asks every card: the reversed note's second one too.
    expect(JSON.parse(quiz.stdout).reviews).toHaveLength(5)
  })

  it("stay the user's own when their fields are not the translation's, and the warning says why", async () => {
    const cwd = await tempProject({
      [settingsPath]: settings({ Einfach: ['Vorderseite', 'Rückseite', 'Notizen'] }),
      'a.md': 'START\nEinfach\nHauptstadt?\nRückseite: Berlin\nEND\n',
    })
    const build = runDecklab(['build'], { cwd })
    expect(build.code, build.stderr).toBe(0)
    expect(build.stderr).toContain(
      "as decklab has no card templates for `Einfach` (`Einfach` is German Anki's name for the stock `Basic`, but the plugin's settings give it the fields `Vorderseite`, `Rückseite`, `Notizen`, not `Vorderseite`, `Rückseite`, so it is a note type of your own)",
    )
    expect(build.stderr).toContain('no package written')
    const quiz = runDecklab(['quiz', '--answers', '-', '--state', join(cwd, 'state')], {
      cwd,
      input: '',
    })
    expect(quiz.stderr).toContain(
      "1 note of your own note type `Einfach` is left out of the quiz: decklab knows the cards of the five stock note types only (`decklab sync` puts them in Anki) (`Einfach` is German Anki's name for the stock `Basic`, but",
    )
  })

  it.skipIf(realAnkiUnavailable() !== undefined)(
    `import into Anki as their own notetypes, beside a German collection's${realAnkiUnavailable() ? ` (skipped: ${realAnkiUnavailable()})` : ''}`,
    async () => {
      const cwd = await tempProject({ [settingsPath]: settings(germanFields), 'a.md': notes })
      expect(runDecklab(['build', '-o', 'out.apkg'], { cwd }).code).toBe(0)
      const collection = join(cwd, 'col.anki2')
      const out = join(cwd, 'anki.json')
      // A collection with the user's own `Einfach` (a copy of Basic renamed, as a German Anki has it).
      withAnkiCollection(collection, [
        'import json',
        'from anki.importing.apkg import AnkiPackageImporter',
        "m = col.models.copy(col.models.byName('Basic'))",
        "m['name'] = 'Einfach'",
        'col.models.save(m)',
        `AnkiPackageImporter(col, ${JSON.stringify(join(cwd, 'out.apkg'))}).run()`,
        `AnkiPackageImporter(col, ${JSON.stringify(join(cwd, 'out.apkg'))}).run()`,
        'names = sorted(x["name"] for x in col.models.all())',
        'notes = sorted([col.getNote(n).model()["name"]] + col.getNote(n).fields for n in col.findNotes(""))',
        'empty = len(col.emptyCids())',
        `open(${JSON.stringify(out)}, "w").write(json.dumps({"names": names, "notes": notes, "cards": col.cardCount(), "empty": empty}))`,
      ])
      const result = JSON.parse(await readFile(out, 'utf8'))
      // The user's `Einfach` stays alone under its name; the second import adds nothing.
      expect(result.names.filter((name: string) => name.startsWith('Einfach'))).toEqual([
        'Einfach',
        'Einfach (Antwort eintippen) (decklab)',
        'Einfach (beide Richtungen) (decklab)',
        'Einfach (decklab)',
      ])
      expect(result.notes).toContainEqual([
        'Einfach (decklab)',
        'Hauptstadt von Frankreich?',
        'Paris',
        '',
      ])
      expect(result.cards).toBe(5)
      expect(result.empty).toBe(0)
    },
  )
})
