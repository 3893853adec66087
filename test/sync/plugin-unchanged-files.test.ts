/**
 * A plugin vault's first sync, where the user fixed a typo and added a
 * picture in Anki over the years: Obsidian_to_Anki skipped every file whose
 * text still hashed as its `File Hashes` say, so those edits stayed. decklab
 * leaves such notes as Anki has them, re-syncs without touching them, and
 * replaces one only once its block changes, keeping Anki's text first. A
 * file changed since the plugin's last sync is synced as before.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { python } from '../support/anki-python.js'
import { ankiUnavailable } from './anki-server.js'
import { anki, noteFields, sync, workspace } from './sync-fixture.js'

const settingsPath = '.obsidian/plugins/obsidian-to-anki-plugin/data.json'

/** The plugin's hash of a file (ts-md5's `Md5.hashStr`: MD5 of the text's UTF-8, hex). */
const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex')

/** Run Python on the collection (Anki stopped): `code` sees it as `c`, and the note ids as `ids`. */
function onCollection(collection: string, code: string, ids: readonly number[]): string {
  return execFileSync(python, [
    '-c',
    `import sqlite3,sys,json\nc=sqlite3.connect(sys.argv[1]); ids=json.loads(sys.argv[2])\n${code}`,
    collection,
    JSON.stringify(ids),
  ]).toString()
}

/** The notes' `mod` (seconds), by id, as the collection has them (Anki stopped). */
function noteMods(collection: string, ids: readonly number[]): number[] {
  const out = onCollection(
    collection,
    'print(json.dumps([c.execute("select mod from notes where id=?", (n,)).fetchone()[0] for n in ids]))',
    ids,
  )
  return JSON.parse(out) as number[]
}

const block = (front: string, back: string, id: number) =>
  `START\nBasic\n${front}\nBack: ${back}\n<!--ID: ${id}-->\nEND\n`

describe.skipIf(ankiUnavailable !== undefined)(
  `notes in files the plugin would skip${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it('are left as Anki has them until their block changes, and re-synced without a write', async () => {
      const cwd = await workspace({ [settingsPath]: '{}' })
      let server = await anki(cwd)
      const added = (front: string, back: string) =>
        server.call<number>('addNote', {
          note: {
            deckName: 'Default',
            modelName: 'Basic',
            fields: { Front: front, Back: back },
            tags: ['Obsidian_to_Anki'],
          },
        })
      // As the plugin left them, then edited in Anki: a typo fixed, a picture added.
      const typo = await added('Capital of Perú?', 'Lima')
      const picture = await added('A café?', 'A place for coffee <img src="cafe.png">')
      const elsewhere = await added('Other?', 'fixed in Anki')
      const a = `${block('Capital of Perú?', 'Lmia', typo)}\n${block('A café?', 'A place for coffee', picture)}`
      const b = block('Other?', 'fixed in Anki, then edited in the vault', elsewhere)
      await writeFile(join(cwd, 'a.md'), a)
      await writeFile(join(cwd, 'b.md'), b)
      // The plugin's record: a.md as it is, b.md as it was before an edit made since.
      const hashes = { 'a.md': md5(a), 'b.md': md5(block('Other?', 'typo', elsewhere)) }
      await writeFile(
        join(cwd, settingsPath),
        JSON.stringify({
          settings: { Defaults: { Deck: 'Default', Tag: 'Obsidian_to_Anki' } },
          'File Hashes': hashes,
        }),
      )
      // Notes last changed long ago: any write by a sync shows in their `mod`.
      await server.stop()
      onCollection(server.collection, 'c.execute("update notes set mod=1000"); c.commit()', [])
      server = await anki(cwd, 'second.log', server.port)
      const all = [typo, picture, elsewhere]

      const dry = sync(cwd, server, '--dry-run')
      expect(dry.code, dry.stderr).toBe(0)
      expect(dry.stderr).toContain(
        "2 notes would be left as Anki has them, as Obsidian_to_Anki would: their files are unchanged since the plugin's last sync (a.md:1, a.md:8); once a note's block changes, a sync replaces its fields, tags and decks in Anki with the Markdown's, keeping Anki's copy in ",
      )
      const first = sync(cwd, server, '--json')
      expect(first.code, first.stderr).toBe(0)
      expect(first.json?.leftAsAnkiHasThem).toEqual([
        {
          file: 'a.md',
          line: 1,
          id: typo,
          fields: ['Back'],
          addTags: [],
          removeTags: [],
          cards: 0,
        },
        {
          file: 'a.md',
          line: 8,
          id: picture,
          fields: ['Back'],
          addTags: [],
          removeTags: [],
          cards: 0,
        },
      ])
      // b.md changed since the plugin's last sync: replaced as before, Anki's text kept.
      expect(first.json?.updated.map((note) => note.id)).toEqual([elsewhere])
      expect(first.json?.unrecordedKept?.ids).toEqual([elsewhere])
      expect(await noteFields(server, typo)).toEqual({ Front: 'Capital of Perú?', Back: 'Lima' })
      expect((await noteFields(server, picture)).Back).toBe(
        'A place for coffee <img src="cafe.png">',
      )
      await server.stop()
      const [typoMod, pictureMod] = noteMods(server.collection, all)
      expect([typoMod, pictureMod]).toEqual([1000, 1000])
      const afterFirst = noteMods(server.collection, all)

      // Nothing changed: nothing written, no note's `mod` moves.
      server = await anki(cwd, 'third.log', server.port)
      const again = sync(cwd, server, '--json')
      expect(again.code, again.stderr).toBe(0)
      expect(again.json?.writes).toBe(0)
      expect(again.json?.updated).toEqual([])
      expect(again.json?.leftAsAnkiHasThem).toEqual([])
      expect(again.json?.unchanged).toBe(3)
      await server.stop()
      const sum = (mods: number[]) => mods.reduce((total, mod) => total + mod, 0)
      expect(sum(noteMods(server.collection, all))).toBe(sum(afterFirst))

      // The typo's block is edited in the vault: the vault wins, Anki's text is kept first.
      server = await anki(cwd, 'fourth.log', server.port)
      await writeFile(join(cwd, 'a.md'), a.replace('Back: Lmia', 'Back: Lima, on the coast'))
      // The report says why no copy of the note was kept: the first sync left Anki's text as it was.
      const preview = sync(cwd, server, '--dry-run')
      expect(preview.code, preview.stderr).toBe(0)
      expect(preview.stderr).toMatch(
        /1 note in Anki whose fields no earlier sync kept a copy of \(.*one that left Anki's text as it was because the file was unchanged since Obsidian_to_Anki's last sync.*\) would have its fields/,
      )
      const edited = sync(cwd, server, '--json')
      expect(edited.code, edited.stderr).toBe(0)
      expect(edited.json?.updated.map((note) => note.id)).toEqual([typo])
      expect(edited.json?.unrecordedKept?.ids).toEqual([typo])
      expect((await noteFields(server, typo)).Back).toBe('Lima, on the coast')
      // The picture's block is as it was: left as Anki has it still.
      expect((await noteFields(server, picture)).Back).toBe(
        'A place for coffee <img src="cafe.png">',
      )
      const kept = (await readFile(edited.json?.unrecordedKept?.file ?? '', 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line))
      expect(kept.at(-1)).toMatchObject({
        id: typo,
        because: 'unrecorded',
        fields: { Front: 'Capital of Perú?', Back: 'Lima' },
      })
      expect(kept.map((line) => line.id)).toEqual([elsewhere, typo])
    })
  },
)
