/**
 * `decklab sync` of a vault written against a French Anki (`Basique`,
 * `Recto`, `Verso`), with the real AnkiConnect, as the German one's
 * (localized-note-types.test.ts): a note the plugin added to the user's
 * `Basique` is updated there, a new one goes into `Basique (decklab)`.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { withAnkiCollection } from '../support/anki-python.js'
import { ankiUnavailable } from './anki-server.js'
import { anki, ids, sync, workspace } from './sync-fixture.js'

interface NoteInfo {
  noteId: number
  modelName: string
  fields: Record<string, { value: string }>
}

const settingsPath = '.obsidian/plugins/obsidian-to-anki-plugin/data.json'

/** A French Anki's `Basique`: the stock Basic under its French names, made with Anki's library. */
function addBasique(collection: string): void {
  withAnkiCollection(collection, [
    'mm = col.models',
    "m = mm.copy(mm.byName('Basic'))",
    "m['name'] = 'Basique'",
    "mm.renameField(m, m['flds'][0], 'Recto')",
    "mm.renameField(m, m['flds'][1], 'Verso')",
    'mm.save(m)',
  ])
}

describe.skipIf(ankiUnavailable !== undefined)(
  `decklab sync of a French Anki's stock types${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    for (const withSettings of [true, false]) {
      it(`updates the plugin's \`Basique\` notes in place and adds new ones as \`Basique (decklab)\` (${withSettings ? 'with' : 'without'} data.json)`, async () => {
        const cwd = await workspace(
          withSettings
            ? {
                [settingsPath]: JSON.stringify({
                  settings: { Defaults: { Deck: 'Default' } },
                  fields_dict: { Basique: ['Recto', 'Verso'] },
                }),
              }
            : {},
        )
        addBasique(join(cwd, 'collection.anki2'))
        const server = await anki(cwd)
        const existing = await server.call<number>('addNote', {
          note: {
            deckName: 'Default',
            modelName: 'Basique',
            fields: { Recto: 'Capitale ?', Verso: 'ancienne' },
            tags: [],
          },
        })
        await writeFile(
          join(cwd, 'a.md'),
          [
            'START',
            'Basique',
            'Capitale ?',
            'Verso: Paris',
            `<!--ID: ${existing}-->`,
            'END',
            '',
            'START',
            'Basique',
            'Chien ?',
            'Verso: dog',
            'END',
            '',
          ].join('\n'),
        )
        const synced = sync(cwd, server, '--json')
        expect(synced.code, synced.stderr).toBe(0)
        expect(synced.json?.diagnostics).toEqual([])
        expect(synced.json?.updated.map((entry) => entry.id)).toEqual([existing])
        expect(synced.json?.createdNoteTypes).toEqual(['Basique (decklab)'])
        const written = ids(await readFile(join(cwd, 'a.md'), 'utf8'))
        const notes = await server.call<NoteInfo[]>('notesInfo', { notes: written })
        expect(notes.map((note) => [note.modelName, note.fields.Verso?.value])).toEqual([
          ['Basique', 'Paris'],
          ['Basique (decklab)', 'dog'],
        ])
        const again = sync(cwd, server, '--json')
        expect(again.code, again.stderr).toBe(0)
        expect(again.json?.writes).toBe(0)
      })
    }

    it('names the fields of `Basique` when a field renamed in Anki is filled from a line of its name', async () => {
      const cwd = await workspace({})
      const collection = join(cwd, 'collection.anki2')
      addBasique(collection)
      withAnkiCollection(collection, [
        "m = col.models.byName('Basique')",
        "col.models.renameField(m, m['flds'][1], 'Réponse')",
        'col.models.save(m)',
      ])
      const server = await anki(cwd)
      const existing = await server.call<number>('addNote', {
        note: {
          deckName: 'Default',
          modelName: 'Basique',
          fields: { Recto: 'Capitale ?', Réponse: 'Paris' },
          tags: [],
        },
      })
      await writeFile(
        join(cwd, 'a.md'),
        `START\nBasique\nCapitale ?\nRéponse: Paris\n<!--ID: ${existing}-->\nEND\n`,
      )
      const run = sync(cwd, server)
      expect(run.code, run.stderr).toBe(1)
      expect(run.stderr).toContain('Unexpected field(s) `Réponse` of note type `Basique` of note')
      expect(run.stderr).toContain('expected the fields of `Basique` (`Recto`, `Verso`)')
      expect(run.stderr).toContain('write those in the block (`Recto`, `Verso`)')
    })
  },
)
