/**
 * Vaults written against a French or Japanese Anki (`Basique`, `Texte à
 * trous`; `基本`, `穴埋め`): their notes are the stock types, under the names
 * Anki's translations give them, as a German vault's are
 * (localized-note-types.test.ts). `check` counts them, `build` packages them
 * in notetypes of their own names, and a Japanese collection of either
 * release (Anki renamed `Basic (裏表反転カード付き)` to `基本 (裏表反転カード付き)`)
 * is read with its own fields.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openApkg } from '../anki/read-apkg.js'
import { validateApkg, validatorUnavailable } from '../anki/validator.js'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const settingsPath = '.obsidian/plugins/obsidian-to-anki-plugin/data.json'
const settings = (fieldsDict: unknown) =>
  JSON.stringify({ settings: { Defaults: { Deck: 'Langues' } }, fields_dict: fieldsDict })

const french = [
  'START',
  'Basique',
  'Capitale de la France ?',
  'Verso: Paris',
  'END',
  '',
  'START',
  'Généralités (deux sens)',
  'chien',
  'Verso: dog',
  'END',
  '',
  'START',
  'Texte à trous',
  'Paris est la {{c1::capitale}} de la France.',
  'Verso Extra: depuis 508',
  'END',
  '',
  'STARTI [Basique (saisissez la réponse)] 2+2 ? Verso: 4 ENDI',
  '',
].join('\n')

type Model = { name: string; flds: Array<{ name: string }>; tmpls: Array<{ qfmt: string }> }

async function packaged(cwd: string) {
  const apkg = await openApkg(await readFile(join(cwd, 'out.apkg')))
  const models = apkg.models as unknown as Record<string, Model>
  return {
    models: Object.values(models),
    notes: apkg.notes.map((note) => ({
      type: models[String(note.mid)]?.name,
      fields: String(note.flds).split('\x1f'),
    })),
  }
}

describe("a French or Japanese Anki's stock note types", () => {
  it('are counted by check and packaged under their French names, with or without the plugin settings', async () => {
    for (const files of [
      { '.obsidian/app.json': '{}', 'a.md': french },
      {
        [settingsPath]: settings({
          Basique: ['Recto', 'Verso'],
          'Généralités (deux sens)': ['Recto', 'Verso'],
          'Texte à trous': ['Texte', 'Verso Extra'],
          'Basique (saisissez la réponse)': ['Recto', 'Verso'],
        }),
        'a.md': french,
      },
    ]) {
      const cwd = await tempProject(files)
      const check = runDecklab(['check', '--json'], { cwd })
      expect(check.code, check.stderr).toBe(0)
      const checked = JSON.parse(check.stdout) as {
        notes: Array<{ noteType: string; cards: number }>
        diagnostics: unknown[]
      }
      expect(checked.diagnostics).toEqual([])
      // Read as the stock types they are.
      expect(checked.notes.map((note) => [note.noteType, note.cards])).toEqual([
        ['Basic', 1],
        ['Basic (and reversed card)', 2],
        ['Cloze', 1],
        ['Basic (type in the answer)', 1],
      ])
      const build = runDecklab(['build', '-o', 'out.apkg'], { cwd })
      expect(build.code, build.stderr).toBe(0)
      expect(build.stderr).toContain('wrote out.apkg (4 notes, 5 cards')
      const { models, notes } = await packaged(cwd)
      expect(notes).toEqual([
        { type: 'Basique (decklab)', fields: ['Capitale de la France ?', 'Paris', ''] },
        { type: 'Généralités (deux sens) (decklab)', fields: ['chien', 'dog', ''] },
        {
          type: 'Texte à trous (decklab)',
          fields: ['Paris est la {{c1::capitale}} de la France.', 'depuis 508', ''],
        },
        { type: 'Basique (saisissez la réponse) (decklab)', fields: ['2+2 ?', '4', ''] },
      ])
      const basique = models.find((model) => model.name === 'Basique (decklab)')
      expect(basique?.flds.map((field) => field.name)).toEqual(['Recto', 'Verso', 'Lab'])
      expect(basique?.tmpls.map((template) => template.qfmt)).toEqual(['{{Recto}}'])
      if (validatorUnavailable() === undefined) {
        const validated = validateApkg(join(cwd, 'out.apkg'))
        expect(validated.code, validated.output).toBe(0)
      }
    }
  })

  it("read a Japanese collection's types with the fields of the release that made them", async () => {
    // The older release: `Basic (裏表反転カード付き)`, Cloze's `Back Extra` untranslated (English).
    // The later one: `基本 (裏表反転カード付き)`, Cloze's fields `Text`, `裏面追記`.
    const cwd = await tempProject({
      [settingsPath]: settings({
        基本: ['表面', '裏面'],
        'Basic (裏表反転カード付き)': ['表面', '裏面'],
        '基本 (裏表反転カード付き)': ['表面', '裏面'],
        穴埋め: ['Text', '裏面追記'],
      }),
      'a.md': [
        'START\n基本\n犬\n裏面: dog\nEND\n',
        'START\nBasic (裏表反転カード付き)\n猫\n裏面: cat\nEND\n',
        'START\n基本 (裏表反転カード付き)\n鳥\n裏面: bird\nEND\n',
        'START\n穴埋め\n{{c1::東京}}は首都です。\n裏面追記: 1868年から\nEND\n',
      ].join('\n'),
    })
    const build = runDecklab(['build', '-o', 'out.apkg'], { cwd })
    expect(build.code, build.stderr).toBe(0)
    expect(build.stderr).not.toContain('custom-note-type')
    const { models, notes } = await packaged(cwd)
    expect(notes.map((note) => note.type)).toEqual([
      '基本 (decklab)',
      'Basic (裏表反転カード付き) (decklab)',
      '基本 (裏表反転カード付き) (decklab)',
      '穴埋め (decklab)',
    ])
    expect(notes[3]?.fields).toEqual(['{{c1::東京}}は首都です。', '1868年から', ''])
    const cloze = models.find((model) => model.name === '穴埋め (decklab)')
    expect(cloze?.flds.map((field) => field.name)).toEqual(['Text', '裏面追記', 'Lab'])
  })

  it('name a type two releases give different fields only with its fields_dict entry, and say why without one', async () => {
    // Russian `Основная`: `Лицо`, `Оборот` in one release, `Лицевая сторона`, `Обратная сторона` in a later one.
    const notes =
      'START\nОсновная\nСтолица?\nОборот: Москва\nEND\n\nSTARTI [Основная] 2+2? Оборот: 4 ENDI\n'
    const bare = await tempProject({ '.obsidian/app.json': '{}', 'a.md': notes })
    const check = runDecklab(['check'], { cwd: bare })
    expect(check.code).toBe(1)
    const reason =
      "Unexpected note type `Основная` (`Основная` is Russian Anki's name for the stock `Basic`, but Anki's translations give it different fields (`Лицо`, `Оборот` or `Лицевая сторона`, `Обратная сторона`), and without its entry in the plugin's `fields_dict` decklab cannot tell which)"
    expect(check.stderr).toContain(`a.md:2:1 error unknown-note-type ${reason}`)
    expect(check.stderr).toContain(`a.md:7:9 error unknown-note-type ${reason}`)
    expect(check.stderr).not.toContain('did you mean')
    const listed = await tempProject({
      [settingsPath]: settings({ Основная: ['Лицо', 'Оборот'] }),
      'a.md': notes,
    })
    const build = runDecklab(['build', '-o', 'out.apkg'], { cwd: listed })
    expect(build.code, build.stderr).toBe(0)
    expect((await packaged(listed)).notes).toEqual([
      { type: 'Основная (decklab)', fields: ['Столица?', 'Москва', ''] },
      { type: 'Основная (decklab)', fields: ['2+2?', '4', ''] },
    ])
  })

  it('are named in warnings as the block names them, fields too', async () => {
    const cwd = await tempProject({
      '.obsidian/app.json': '{}',
      'a.md': [
        'START\nBasique\nCapitale ?\nParis\nEND\n',
        'START\nTexte à trous\npas de trou\nEND\n',
        'START\nTexte à trous\n`{{c1::caché}}` seulement\nEND\n',
        'START\nBasique\n<!-- rien -->\nVerso: b\nEND\n',
      ].join('\n'),
    })
    const check = runDecklab(['check'], { cwd })
    expect(check.stderr).toContain(
      "a.md:1:1 warning empty-answer Unexpected `Basique` note with an empty `Verso`, expected the card's answer: a line without the `Verso:` prefix is text of the front\n  hint: Start the first line of the answer with `Verso:`.",
    )
    expect(check.stderr).toContain(
      'a.md:7:1 warning cloze-without-deletion Unexpected `Texte à trous` note without a cloze deletion, expected `{{c1::…}}` in `Texte`',
    )
    expect(check.stderr).toContain(
      'a.md:14:1 warning cloze-without-deletion Unexpected `Texte à trous` note whose every cloze deletion is in code',
    )
    expect(check.stderr).toContain(
      'error missing-first-field Unexpected `Recto` that renders to nothing',
    )
    expect(check.stderr).not.toMatch(/`(Basic|Cloze|Back|Text|Front)`/)
  })

  it('rebuild a note whose block changed from `Basic` to `Basique`, and say its type changed', async () => {
    const cwd = await tempProject({
      '.obsidian/app.json': '{}',
      'a.md': 'START\nBasic\nCapitale ?\nBack: Paris\nEND\n',
    })
    const env = { DECKLAB_STATE_DIR: join(cwd, 'state') }
    expect(runDecklab(['build', '-o', 'out.apkg'], { cwd, env }).code).toBe(0)
    const text = await readFile(join(cwd, 'a.md'), 'utf8')
    await writeFile(
      join(cwd, 'a.md'),
      text.replace('\nBasic\n', '\nBasique\n').replace('Back: ', 'Verso: '),
    )
    const build = runDecklab(['build', '-o', 'out.apkg'], { cwd, env })
    expect(build.code, build.stderr).toBe(0)
    expect(build.stderr).not.toContain('unchanged out.apkg')
    expect(build.stderr).toContain(
      'warning note-type-changed Unexpected note type `Basique` for a note last built as `Basic`,',
    )
    expect((await packaged(cwd)).notes).toEqual([
      { type: 'Basique (decklab)', fields: ['Capitale ?', 'Paris', ''] },
    ])
    // And back.
    await writeFile(join(cwd, 'a.md'), text)
    const back = runDecklab(['build', '-o', 'out.apkg'], { cwd, env })
    expect(back.stderr).not.toContain('unchanged out.apkg')
    // Anki has it as `Basic` still (the type it was first built as): nothing to say.
    expect(back.stderr).not.toContain('note-type-changed')
    expect((await packaged(cwd)).notes.map((note) => note.type)).toEqual(['Basic (decklab)'])
  })

  it("say that a stock field's English prefix in a French block is text, as the plugin reads it", async () => {
    const cwd = await tempProject({
      '.obsidian/app.json': '{}',
      'a.md':
        'START\nBasique\nCapitale ?\nVerso: Paris\nback: encore\nEND\n\nSTART\nBasic\nQ?\nBack: A\nRecto: x\nEND\n',
    })
    const check = runDecklab(['check', '--json'], { cwd })
    expect(check.code, check.stderr).toBe(0)
    const result = JSON.parse(check.stdout) as {
      notes: Array<{ fields: Record<string, string> }>
      diagnostics: Array<{ line: number; code: string; message: string; hint?: string }>
    }
    // Read as before: the line is the answer's text.
    expect(result.notes[0]?.fields).toEqual({ Front: 'Capitale ?', Back: 'Paris\nback: encore' })
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        line: 5,
        code: 'stock-field-prefix',
        message:
          "Unexpected `back:` in this `Basique` block, expected `Verso:`: its fields go by your Anki's names (`Recto`, `Verso`), as in Obsidian_to_Anki, so this line is text of `Verso`",
        hint: 'write `Verso:` to start that field, or `back\\:` to keep the line as text',
      }),
    ])
  })

  it("say that a stock field's English prefix in a French inline note is text, as the plugin reads it", async () => {
    const cwd = await tempProject({
      '.obsidian/app.json': '{}',
      'a.md':
        'STARTI [Basique] Capitale ? Verso: Paris back: encore ENDI\n\nSTARTI [Basic] Q? Back: A Recto: x ENDI\n',
    })
    const check = runDecklab(['check', '--json'], { cwd })
    expect(check.code, check.stderr).toBe(0)
    const result = JSON.parse(check.stdout) as {
      notes: Array<{ fields: Record<string, string> }>
      diagnostics: Array<{
        line: number
        column: number
        code: string
        message: string
        hint?: string
      }>
    }
    // Read as before (the plugin switches only on `Verso:`): the word is the answer's text.
    expect(result.notes[0]?.fields).toEqual({ Front: 'Capitale ?', Back: 'Paris back: encore' })
    expect(result.notes[1]?.fields).toEqual({ Front: 'Q?', Back: 'A Recto: x' })
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        line: 1,
        column: 42,
        code: 'stock-field-prefix',
        message:
          "Unexpected `back:` in this `Basique` inline note, expected `Verso:`: its fields go by your Anki's names (`Recto`, `Verso`), as in Obsidian_to_Anki, so this word is text of `Verso`",
        hint: 'write `Verso:` to start that field, or `back\\:` to keep the word as text',
      }),
    ])
  })

  it('say one thing of a French answer written behind `Back:`: where it went, not also that it is empty', async () => {
    const cwd = await tempProject({
      '.obsidian/app.json': '{}',
      'a.md': [
        'START\nBasique\nCapitale ?\nBack: Paris\nEND\n',
        'STARTI [Basique] Fleuve ? back: Seine ENDI\n',
        // No answer at all, and `Front:` is no answer prefix: both are said.
        'START\nBasique\nFront: Q\nEND\n',
      ].join('\n'),
    })
    const codes = (run: { stdout: string }) =>
      (
        JSON.parse(run.stdout) as { diagnostics: Array<{ line: number; code: string }> }
      ).diagnostics.map((diagnostic) => `${diagnostic.line} ${diagnostic.code}`)
    const expected = [
      '4 stock-field-prefix',
      '7 stock-field-prefix',
      '9 empty-answer',
      '11 stock-field-prefix',
    ]
    const check = runDecklab(['check', '--json'], { cwd })
    expect(check.code, check.stderr).toBe(0)
    expect(codes(check)).toEqual(expected)
    const human = runDecklab(['check'], { cwd })
    expect(human.stderr).toContain('a.md:4:1 warning stock-field-prefix Unexpected `Back:`')
    expect(human.stderr.match(/ empty-answer /g)).toHaveLength(1)
    expect(human.stderr).toContain('3 notes, 3 cards in 1 file; 0 errors, 4 warnings')
    const build = runDecklab(['build', '--dry-run', '--json'], { cwd })
    expect(codes(build)).toEqual(expected)
  })

  it('are shown by preview under the type names their blocks wrote', async () => {
    const cwd = await tempProject({ '.obsidian/app.json': '{}', 'a.md': french })
    const preview = runDecklab(['preview', '-o', 'site'], { cwd })
    expect(preview.code, preview.stderr).toBe(0)
    const page = await readFile(join(cwd, 'site', 'index.html'), 'utf8')
    const types = [...page.matchAll(/class="dp-card-type">([^<]*) · /g)].map((match) => match[1])
    expect(new Set(types)).toEqual(
      new Set([
        'Basique',
        'Généralités (deux sens)',
        'Texte à trous',
        'Basique (saisissez la réponse)',
      ]),
    )
  })

  it('give check --json the names a localized block wrote beside the stock ones', async () => {
    const cwd = await tempProject({
      'a.md':
        'START\nBasique\nCapitale ?\nVerso: Paris\nEND\n\nSTART\nTexte à trous\n{{c1::Paris}}\nEND\n\nSTART\nBasic\nQ?\nBack: A\nEND\n',
    })
    const check = runDecklab(['check', '--json'], { cwd })
    expect(check.code, check.stderr).toBe(0)
    const notes = (JSON.parse(check.stdout) as { notes: Array<Record<string, unknown>> }).notes
    // `noteType` and `fields` keep the stock names (what the cards are); the written ones are added.
    expect(notes[0]).toMatchObject({
      noteType: 'Basic',
      writtenNoteType: 'Basique',
      writtenFieldNames: { Front: 'Recto', Back: 'Verso' },
      fields: { Front: 'Capitale ?', Back: 'Paris' },
    })
    expect(notes[1]).toMatchObject({
      noteType: 'Cloze',
      writtenNoteType: 'Texte à trous',
      writtenFieldNames: { Text: 'Texte', 'Back Extra': 'Verso Extra' },
    })
    // An English note has neither key.
    expect(notes[2]?.noteType).toBe('Basic')
    expect(Object.keys(notes[2] ?? {})).not.toContain('writtenNoteType')
    expect(Object.keys(notes[2] ?? {})).not.toContain('writtenFieldNames')
  })

  it('leave `{…}` alone in a `Texte à trous` note with CurlyCloze on, as the plugin does, and say why', async () => {
    for (const curly of [true, false]) {
      const cwd = await tempProject({
        [settingsPath]: JSON.stringify({ settings: { Defaults: { CurlyCloze: curly } } }),
        'a.md': 'START\nTexte à trous\nParis est la {capitale}.\nEND\n',
      })
      const check = runDecklab(['check', '--json'], { cwd })
      const result = JSON.parse(check.stdout) as {
        notes: Array<{ fields: Record<string, string> }>
        diagnostics: Array<{ code: string; hint?: string }>
      }
      // The plugin converts only types whose name contains `Cloze`: the text stays as written.
      expect(result.notes[0]?.fields.Text).toBe('Paris est la {capitale}.')
      expect(result.diagnostics).toEqual([
        expect.objectContaining({
          code: 'cloze-without-deletion',
          hint: 'CurlyCloze turns `{…}` into a cloze only in a note type whose name contains `Cloze` (in Obsidian_to_Anki too), and `Texte à trous` does not: write `{{c1::…}}`',
        }),
      ])
    }
  })
})
