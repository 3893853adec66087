/**
 * A plugin vault with "Add Obsidian Tags" on: the plugin took each `#tag` out
 * of the field's HTML and left the space before it (`What is ATP? `, `Energy
 * <br />`). On the stock note types that space shows nowhere, and such a
 * note is left as Anki has it; a note type whose template puts text beside
 * the field (`{{Front}}?`) shows it, and the note is rewritten there.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ankiUnavailable } from './anki-server.js'
import { anki, noteFields, sync, workspace } from './sync-fixture.js'

const settingsPath = '.obsidian/plugins/obsidian-to-anki-plugin/data.json'
const pluginSettings = JSON.stringify({
  settings: { Defaults: { Deck: 'Default', Tag: 'Obsidian_to_Anki', 'Add Obsidian Tags': true } },
  'File Hashes': { 'a.md': '0' },
  fields_dict: { Basic: ['Front', 'Back'], Cloze: ['Text', 'Extra'], Asked: ['Front', 'Back'] },
})

describe.skipIf(ankiUnavailable !== undefined)(
  `a plugin vault with Add Obsidian Tags${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it("leaves the plugin's notes with a removed tag's space as Anki has them, unless a template shows it", async () => {
      const cwd = await workspace({ [settingsPath]: pluginSettings })
      const server = await anki(cwd)
      // A note type of the user's whose question puts a `?` right after the field.
      await server.call('createModel', {
        modelName: 'Asked',
        inOrderFields: ['Front', 'Back'],
        css: '.card { font-family: arial; }',
        cardTemplates: [
          { Front: '{{Front}}?', Back: '{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}' },
        ],
      })
      const added = (modelName: string, fields: Record<string, string>, tags: string[]) =>
        server.call<number>('addNote', {
          note: { deckName: 'Default', modelName, fields, tags: ['Obsidian_to_Anki', ...tags] },
        })
      // The fields as the plugin stored them: showdown's HTML, `#(\w+)` taken out of it.
      const basic = await added(
        'Basic',
        { Front: 'What is ATP? ', Back: 'Energy <br />\nof the cell' },
        ['bio', 'cell'],
      )
      const cloze = await added(
        'Cloze',
        { Text: 'The {{c1::mitochondria}} is the powerhouse ', Extra: '' },
        ['bio'],
      )
      const asked = await added('Asked', { Front: 'What is ADP ', Back: 'Less energy' }, ['bio'])
      const text = [
        `START\nBasic\nWhat is ATP? #bio\nBack: Energy #cell\nof the cell\n<!--ID: ${basic}-->\nEND\n`,
        `START\nCloze\nThe {{c1::mitochondria}} is the powerhouse #bio\n<!--ID: ${cloze}-->\nEND\n`,
        `START\nAsked\nWhat is ADP #bio\nBack: Less energy\n<!--ID: ${asked}-->\nEND\n`,
      ].join('\n')
      await writeFile(join(cwd, 'a.md'), text)
      const fieldsOf = (id: number) => noteFields(server, id)

      const dry = sync(cwd, server, '--dry-run', '--json')
      expect(dry.code, dry.stderr).toBe(0)
      expect(dry.json?.updated.map((note) => [note.id, note.fields])).toEqual([[asked, ['Front']]])
      const human = sync(cwd, server, '--dry-run')
      expect(human.stderr).not.toContain(`(note ${basic})`)
      expect(human.stderr).toContain(`update  a.md:15 (note ${asked}): fields Front\n`)
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.updated.map((note) => [note.id, note.fields])).toEqual([[asked, ['Front']]])
      expect(run.json?.unchanged).toBe(2)
      expect(await fieldsOf(basic)).toEqual({
        Front: 'What is ATP? ',
        Back: 'Energy <br />\nof the cell',
      })
      expect((await fieldsOf(cloze)).Text).toBe('The {{c1::mitochondria}} is the powerhouse ')
      expect((await fieldsOf(asked)).Front).toBe('What is ADP')

      // Recorded as synced: an edit of the Markdown is no edit made in Anki.
      await writeFile(join(cwd, 'a.md'), text.replace('of the cell', 'of the whole cell'))
      const edited = sync(cwd, server, '--json')
      expect(edited.code, edited.stderr).toBe(0)
      expect(edited.json?.updated.map((note) => [note.id, note.fields])).toEqual([
        [basic, ['Back']],
      ])
      expect(edited.json?.diagnostics).toEqual([])
      expect(await fieldsOf(basic)).toEqual({
        Front: 'What is ATP?',
        Back: 'Energy<br>\nof the whole cell',
      })
    })
  },
)
