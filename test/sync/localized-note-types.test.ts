/**
 * `decklab sync` of a vault written against a German Anki (`Einfach`,
 * `Vorderseite`, `Rückseite`), with the real AnkiConnect: a note the plugin
 * added to the user's `Einfach` is updated there; a new note goes into
 * `Einfach (decklab)`, the notetype `build` packages it in, so a package
 * imported first and a sync after it agree.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { withAnkiCollection } from '../support/anki-python.js'
import { runDecklab } from '../support/decklab.js'
import { ankiUnavailable } from './anki-server.js'
import { anki, ids, sync, workspace } from './sync-fixture.js'

interface NoteInfo {
  noteId: number
  modelName: string
  fields: Record<string, { value: string }>
}

const settingsPath = '.obsidian/plugins/obsidian-to-anki-plugin/data.json'
const pluginSettings = JSON.stringify({
  settings: { Defaults: { Deck: 'Default' } },
  fields_dict: { Einfach: ['Vorderseite', 'Rückseite'], Lückentext: ['Text', 'Rückseite Extra'] },
})

/** A German Anki's `Einfach`: the stock Basic under its German names, made with Anki's library. */
function addEinfach(collection: string): void {
  withAnkiCollection(collection, [
    'mm = col.models',
    "m = mm.copy(mm.byName('Basic'))",
    "m['name'] = 'Einfach'",
    "mm.renameField(m, m['flds'][0], 'Vorderseite')",
    "mm.renameField(m, m['flds'][1], 'Rückseite')",
    'mm.save(m)',
  ])
}

describe.skipIf(ankiUnavailable !== undefined)(
  `decklab sync of a German Anki's stock types${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it("updates the plugin's `Einfach` notes in place and adds new ones as `Einfach (decklab)`", async () => {
      const cwd = await workspace({ [settingsPath]: pluginSettings })
      addEinfach(join(cwd, 'collection.anki2'))
      const server = await anki(cwd)
      const existing = await server.call<number>('addNote', {
        note: {
          deckName: 'Default',
          modelName: 'Einfach',
          fields: { Vorderseite: 'Hauptstadt?', Rückseite: 'alt' },
          tags: [],
        },
      })
      await writeFile(
        join(cwd, 'a.md'),
        [
          'START',
          'Einfach',
          'Hauptstadt?',
          'Rückseite: Berlin',
          `<!--ID: ${existing}-->`,
          'END',
          '',
          'START',
          'Einfach',
          'Hund?',
          'Rückseite: dog',
          'END',
          '',
        ].join('\n'),
      )
      const synced = sync(cwd, server, '--json')
      expect(synced.code, synced.stderr).toBe(0)
      expect(synced.json?.diagnostics).toEqual([])
      expect(synced.json?.updated.map((entry) => entry.id)).toEqual([existing])
      expect(synced.json?.createdNoteTypes).toEqual(['Einfach (decklab)'])
      const written = ids(await readFile(join(cwd, 'a.md'), 'utf8'))
      const notes = await server.call<NoteInfo[]>('notesInfo', { notes: written })
      expect(notes.map((note) => [note.modelName, note.fields.Rückseite?.value])).toEqual([
        ['Einfach', 'Berlin'],
        ['Einfach (decklab)', 'dog'],
      ])
      // Nothing changed since: a second sync writes nothing.
      const again = sync(cwd, server, '--json')
      expect(again.code, again.stderr).toBe(0)
      expect(again.json?.writes).toBe(0)
    })

    it('syncs a vault whose package was imported first, without a note type mismatch', async () => {
      const cwd = await workspace({
        [settingsPath]: pluginSettings,
        'a.md': 'START\nEinfach\nHund?\nRückseite: dog\nEND\n',
      })
      const env = { DECKLAB_STATE_DIR: join(cwd, 'state') }
      expect(runDecklab(['build', '-o', 'out.apkg'], { cwd, env }).code).toBe(0)
      withAnkiCollection(join(cwd, 'collection.anki2'), [
        'from anki.importing.apkg import AnkiPackageImporter',
        `AnkiPackageImporter(col, ${JSON.stringify(join(cwd, 'out.apkg'))}).run()`,
      ])
      await writeFile(
        join(cwd, 'a.md'),
        (await readFile(join(cwd, 'a.md'), 'utf8')).replace('dog', 'der Hund'),
      )
      const server = await anki(cwd)
      const synced = sync(cwd, server, '--json')
      expect(synced.code, synced.stderr).toBe(0)
      expect(synced.json?.diagnostics).toEqual([])
      expect(synced.json?.added).toEqual([])
      expect(synced.json?.createdNoteTypes).toEqual([])
      const [id] = ids(await readFile(join(cwd, 'a.md'), 'utf8'))
      expect(synced.json?.updated.map((entry) => entry.id)).toEqual([id])
      const [note] = await server.call<NoteInfo[]>('notesInfo', { notes: [id] })
      expect(note?.modelName).toBe('Einfach (decklab)')
      expect(note?.fields.Rückseite?.value).toBe('der Hund')
    })
  },
)
