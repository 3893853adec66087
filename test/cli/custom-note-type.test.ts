/**
 * Notes of the user's own note types (the plugin's `fields_dict`) offline:
 * read by every command, left out of packages, the quiz and stats with a
 * warning, and never given an ID by `build` (an ID names a note in Anki).
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openApkg } from '../anki/read-apkg.js'
import { runDecklab } from '../support/decklab.js'
import { tempProject } from '../support/project.js'

const settingsPath = '.obsidian/plugins/obsidian-to-anki-plugin/data.json'
const settings = (fieldsDict: unknown) =>
  JSON.stringify({ settings: { Defaults: { Deck: 'Default' } }, fields_dict: fieldsDict })

const notes = [
  'START',
  'Vocab',
  'socket',
  'Meaning: an endpoint',
  'END',
  '',
  'START',
  'Basic',
  'Q?',
  'Back: A',
  'END',
  '',
  'STARTI [Vocab] bind Meaning: name a socket ENDI',
  '',
].join('\n')

describe("notes of the user's own note types", () => {
  it('are built into no package and get no ID; the warning names the type and count', async () => {
    const cwd = await tempProject({
      [settingsPath]: settings({ Basic: ['Front', 'Back'], Vocab: ['Word', 'Meaning'] }),
      'a.md': notes,
    })
    const run = runDecklab(['build', '-o', 'out.apkg', '--json'], { cwd })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toContain(
      'a.md:1:1 warning custom-note-type Unexpected note type `Vocab` in a package build, expected one of the five stock note types: 2 notes of this file, from this one on, are left out of the package',
    )
    const text = await readFile(join(cwd, 'a.md'), 'utf8')
    // Only the Basic note got an ID.
    expect(text.match(/<!--ID: \d+-->/g)).toHaveLength(1)
    expect(text.split('\n').slice(0, 5).join('\n')).toBe(notes.split('\n').slice(0, 5).join('\n'))
    const preview = runDecklab(['preview', '-o', 'site'], { cwd })
    expect(preview.code, preview.stderr).toBe(0)
    expect(preview.stderr).toContain(
      'a.md:1:1 warning custom-note-type Unexpected note type `Vocab` in a preview, expected one of the five stock note types: 2 notes of this file, from this one on, are left out of the preview',
    )
    const apkg = await openApkg(await readFile(join(cwd, 'out.apkg')))
    expect(apkg.notes.map((note) => String(note.flds).split('\x1f')[0])).toEqual(['Q?'])
  })

  // A vault of a localized Anki's types (`Einfach`, …) or of one's own types only: the
  // closing line pointed to a warning saying 'where decklab looked', which there is not.
  it('say why no package is written when every note is of such a type', async () => {
    const cwd = await tempProject({
      // German Anki's `Einfach` with a field added: the user's own type.
      [settingsPath]: settings({ Einfach: ['Vorderseite', 'Rückseite', 'Notizen'] }),
      'a.md': 'START\nEinfach\nHauptstadt?\nRückseite: Berlin\nEND\n',
    })
    const build = runDecklab(['build'], { cwd })
    expect(build.code, build.stderr).toBe(0)
    expect(build.stderr).not.toContain('no-notes')
    expect(build.stderr).not.toContain('where decklab looked')
    expect(build.stderr).toContain(
      'no package written: every note read is of a note type packages do not hold (the warning above says which)',
    )
  })

  it('are left out of the quiz and stats with a warning, not taken for notes without an ID', async () => {
    const cwd = await tempProject({
      [settingsPath]: settings({ Vocab: ['Word', 'Meaning'] }),
      'a.md': notes.replace('Back: A\n', 'Back: A\n<!--ID: 1700000000000-->\n'),
    })
    const state = join(cwd, 'state')
    const quiz = runDecklab(['quiz', '--answers', '-', '--state', state, '--json'], {
      cwd,
      input: 'good\ngood\n',
    })
    expect(quiz.code, quiz.stderr).toBe(0)
    expect(JSON.parse(quiz.stdout).reviews.length).toBeGreaterThan(0)
    expect(quiz.stderr).toContain(
      'warning 2 notes of your own note type `Vocab` are left out of the quiz',
    )
    expect(quiz.stderr).not.toContain('have no ID yet')
    const stats = runDecklab(['stats', '--state', state, '--json'], { cwd })
    expect(JSON.parse(stats.stdout)).toMatchObject({ cards: 1 })
    expect(stats.stderr).toContain(
      '2 notes of your own note type `Vocab` are left out of these counts',
    )
  })

  it('are an unknown note type without a fields_dict entry, and a damaged entry is said', async () => {
    const cwd = await tempProject({
      [settingsPath]: settings({ Vocab: 'Word, Meaning', Other: ['A', 'A'] }),
      'a.md': notes,
    })
    const run = runDecklab(['check'], { cwd })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      'warning malformed-settings Unexpected fields of note type `Vocab`',
    )
    expect(run.stderr).toContain(
      'warning malformed-settings Unexpected fields of note type `Other`',
    )
    expect(run.stderr).toContain('a.md:2:1 error unknown-note-type Unexpected note type `Vocab`')
  })
})

describe('a stock note type the collection gave other fields', () => {
  it('is said once at the settings, naming the fields a block line would not fill; stock names stay quiet', async () => {
    const cwd = await tempProject({
      [settingsPath]: settings({
        Basic: ['Front', 'Answer'],
        Cloze: ['Text', 'Extra'],
        'Basic (and reversed card)': ['Front', 'Back'],
      }),
      'a.md': 'START\nBasic\nQ?\nAnswer: A\nEND\n\nSTART\nBasic\nQ2?\nAnswer: A2\nEND\n',
    })
    const check = runDecklab(['check', '--json'], { cwd })
    const { diagnostics } = JSON.parse(check.stdout) as {
      diagnostics: Array<{ file: string; code: string }>
    }
    // Once at the settings; each note whose `Answer:` line went to the front also has no Back.
    expect(diagnostics.map((d) => [d.file, d.code])).toEqual([
      [settingsPath, 'stock-type-fields'],
      ['a.md', 'empty-answer'],
      ['a.md', 'empty-answer'],
    ])
    expect(check.stderr).toContain(
      'Unexpected field(s) `Answer` of the stock note type `Basic` in `fields_dict`, expected its stock fields (`Front`, `Back`)',
    )
  })
})
