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
  tags: string[]
  fields: Record<string, { value: string }>
}

/** A note type of the user's own in the collection (created when missing), made with Anki's library. */
function addNoteType(collection: string, name: string, fields: readonly string[]): void {
  withAnkiCollection(collection, [
    'mm = col.models',
    `m = mm.new(${JSON.stringify(name)})`,
    `for f in ${JSON.stringify(fields)}: mm.addField(m, mm.newField(f))`,
    "t = mm.newTemplate('Card 1')",
    `t['qfmt'] = '{{${fields[0]}}}'`,
    `t['afmt'] = '{{FrontSide}}<hr id=answer>{{${fields[1]}}}'`,
    'mm.addTemplate(m, t)',
    'mm.add(m)',
  ])
}

/** The plugin's settings as it writes them: its own fields_dict, read from Anki, lists every note type. */
const pluginSettings = JSON.stringify({
  settings: { Defaults: { Deck: 'Default' } },
  fields_dict: {
    Basic: ['Front', 'Back'],
    Cloze: ['Text', 'Extra'],
    Vocab: ['Word', 'Meaning', 'Example'],
    Gone: ['Name', 'Detail'],
  },
})
const settingsPath = '.obsidian/plugins/obsidian-to-anki-plugin/data.json'

describe.skipIf(ankiUnavailable !== undefined)(
  `decklab sync of a note type of the user's own${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it("adds and updates notes of a type the plugin's fields_dict lists, in Anki's type; one Anki lacks is refused alone", async () => {
      const cwd = await workspace({ [settingsPath]: pluginSettings })
      addNoteType(join(cwd, 'collection.anki2'), 'Vocab', ['Word', 'Meaning', 'Example'])
      const server = await anki(cwd)
      const existing = await server.call<number>('addNote', {
        note: {
          deckName: 'Default',
          modelName: 'Vocab',
          fields: { Word: 'bind', Meaning: 'old meaning', Example: '' },
          tags: ['Obsidian_to_Anki'],
        },
      })
      await writeFile(
        join(cwd, 'a.md'),
        [
          'START',
          'Vocab',
          'socket',
          'Meaning: an **endpoint**',
          'Example: `socket(AF_UNIX, SOCK_STREAM, 0)`',
          'END',
          '',
          'START',
          'Vocab',
          'bind',
          'Meaning: give a socket its name',
          `<!--ID: ${existing}-->`,
          'END',
          '',
          'START',
          'Basic',
          'Q?',
          'Back: A',
          'END',
          '',
          'START',
          'Gone',
          'x',
          'Detail: y',
          'END',
          '',
        ].join('\n'),
      )
      // `check` parses them, and says a package would leave them out.
      const check = runDecklab(['check', '--json'], { cwd })
      expect(check.code, check.stderr).toBe(0)
      const checked = JSON.parse(check.stdout) as {
        notes: Array<{ noteType: string; fields: Record<string, string> }>
        diagnostics: Array<{ code: string; line: number }>
      }
      expect(checked.notes.map((note) => note.noteType)).toEqual([
        'Vocab',
        'Vocab',
        'Basic',
        'Gone',
      ])
      expect(checked.notes[0]?.fields).toEqual({
        Word: 'socket',
        Meaning: 'an **endpoint**',
        Example: '`socket(AF_UNIX, SOCK_STREAM, 0)`',
      })
      expect(checked.diagnostics.map((d) => [d.code, d.line])).toEqual([
        ['custom-note-type', 1],
        ['custom-note-type', 21],
      ])

      // A dry run tells the refusal the sync will meet, and adds nothing.
      const dry = sync(cwd, server, '--json', '--dry-run')
      expect(dry.code, dry.stderr).toBe(1)
      expect(dry.json?.diagnostics).toEqual([
        expect.objectContaining({ code: 'anki-rejected', line: 21 }),
      ])
      expect(dry.json?.added).toHaveLength(2)
      expect(ids(await readFile(join(cwd, 'a.md'), 'utf8'))).toHaveLength(1)

      const run = sync(cwd, server, '--json')
      // `Gone` is in the plugin's settings but not in Anki: that note alone is refused, at
      // line 23 of the file as the sync left it (the two notes above it got ID lines).
      expect(run.code, run.stderr).toBe(1)
      expect(run.json?.diagnostics).toEqual([
        expect.objectContaining({ code: 'anki-rejected', line: 23 }),
      ])
      expect(run.stderr).toContain(
        'Unexpected note type for this note: Anki has no note type `Gone`',
      )
      expect(run.json?.added).toHaveLength(2)
      expect(run.json?.updated).toEqual([expect.objectContaining({ id: existing })])
      const text = await readFile(join(cwd, 'a.md'), 'utf8')
      const written = ids(text)
      expect(written).toHaveLength(3)
      const notes = await server.call<NoteInfo[]>('notesInfo', { notes: written })
      const vocab = notes.filter((note) => note.modelName === 'Vocab')
      expect(vocab.map((note) => note.fields.Word?.value).sort()).toEqual(['bind', 'socket'])
      const added = vocab.find((note) => note.fields.Word?.value === 'socket')
      expect(added?.fields.Meaning?.value).toBe('an <strong>endpoint</strong>')
      expect(added?.fields.Example?.value).toContain('<code>socket(AF_UNIX, SOCK_STREAM, 0)</code>')
      const updated = vocab.find((note) => note.noteId === existing)
      expect(updated?.fields.Meaning?.value).toBe('give a socket its name')
      expect(notes.find((note) => note.modelName !== 'Vocab')?.modelName).toMatch(/^Basic/)

      // Nothing changed: nothing written to Anki.
      const again = sync(cwd, server, '--json')
      expect(again.json?.added).toEqual([])
      expect(again.json?.updated).toEqual([])
      expect(again.json?.writes).toBe(0)
    })

    it("fills a type's own field named `Extra` from the block's `Extra:`, as the plugin does", async () => {
      // Only Cloze of an older collection calls `Back Extra` `Extra`; a type of the user's own
      // with an `Extra` field was read as that Cloze: its notes were refused as lacking the
      // field (note-type-mismatch, the whole sync stopped) and new ones were added without it.
      const settings = JSON.stringify({
        settings: { Defaults: { Deck: 'Default' } },
        fields_dict: { Topic: ['Front', 'Back', 'Extra'] },
      })
      const cwd = await workspace({ [settingsPath]: settings })
      addNoteType(join(cwd, 'collection.anki2'), 'Topic', ['Front', 'Back', 'Extra'])
      const server = await anki(cwd)
      const existing = await server.call<number>('addNote', {
        note: {
          deckName: 'Default',
          modelName: 'Topic',
          fields: { Front: 'SCM_RIGHTS', Back: 'passes fds', Extra: 'see cmsg(3)' },
          tags: ['Obsidian_to_Anki'],
        },
      })
      const block = (front: string, extra: string, id?: number) =>
        ['START', 'Topic', `Front: ${front}`, 'Back: b', `Extra: ${extra}`]
          .concat(id === undefined ? [] : [`<!--ID: ${id}-->`])
          .concat(['END', ''])
      await writeFile(
        join(cwd, 'a.md'),
        [...block('SCM_RIGHTS', 'see unix(7)', existing), ...block('SO_PEERCRED', 'ucred')].join(
          '\n',
        ),
      )
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.updated).toEqual([expect.objectContaining({ id: existing })])
      expect(run.json?.added).toHaveLength(1)
      const notes = await server.call<NoteInfo[]>('notesInfo', {
        notes: ids(await readFile(join(cwd, 'a.md'), 'utf8')),
      })
      expect(notes.map((note) => note.fields.Extra?.value)).toEqual(['see unix(7)', 'ucred'])
    })
  },
)
