/**
 * The first sync of a vault the Obsidian_to_Anki plugin synced, nothing
 * edited since: the plugin's HTML (showdown's) differs from decklab's in
 * spelling only (`<br />` for `<br>`), and such a note is unchanged, left as
 * Anki has it. A field the plugin rendered otherwise (several paragraphs) is
 * replaced, as before.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fieldsHash } from '../../src/sync/plan.js'
import { ankiUnavailable } from './anki-server.js'
import { anki, noteFields, sync, workspace } from './sync-fixture.js'

interface NoteInfo {
  noteId: number
  fields: Record<string, { value: string }>
}

const pluginSettings = JSON.stringify({
  settings: { Defaults: { Deck: 'Default', Tag: 'Obsidian_to_Anki' } },
  'File Hashes': { 'a.md': '0' },
  fields_dict: { Basic: ['Front', 'Back'], Cloze: ['Text', 'Extra'] },
})
const settingsPath = '.obsidian/plugins/obsidian-to-anki-plugin/data.json'

/**
 * Two plugin notes whose front Anki holds in showdown's spelling (`anki`) of
 * what their blocks write (`markdown`): the dry run lists no update and the
 * sync leaves both as Anki has them; then the second is edited in Anki
 * (`ankiEdit`) and the Markdown of both: both are updated, and only the
 * second is said to be edited in Anki.
 */
async function expectLeftAsSpelled(
  notes: readonly [{ anki: string; markdown: string }, { anki: string; markdown: string }],
  ankiEdit: string,
): Promise<void> {
  const cwd = await workspace({ [settingsPath]: pluginSettings })
  const server = await anki(cwd)
  const added = (front: string) =>
    server.call<number>('addNote', {
      note: {
        deckName: 'Default',
        modelName: 'Basic',
        fields: { Front: front, Back: 'b' },
        tags: ['Obsidian_to_Anki'],
      },
    })
  const left = await added(notes[0].anki)
  const ankiEdited = await added(notes[1].anki)
  const block = (front: string, id: number) =>
    `START\nBasic\n${front}\nBack: b\n<!--ID: ${id}-->\nEND\n`
  const first = block(notes[0].markdown, left)
  const text = [first, block(notes[1].markdown, ankiEdited)].join('\n')
  // The second block's START: after the first's lines and the blank line between.
  const secondLine = first.split('\n').length + 1
  await writeFile(join(cwd, 'a.md'), text)

  const dry = sync(cwd, server, '--dry-run', '--json')
  expect(dry.code, dry.stderr).toBe(0)
  expect(dry.json?.updated).toEqual([])
  const run = sync(cwd, server, '--json')
  expect(run.code, run.stderr).toBe(0)
  expect(run.json?.updated).toEqual([])
  expect(run.json?.unchanged).toBe(2)
  const [info] = await server.call<NoteInfo[]>('notesInfo', { notes: [left] })
  expect(info?.fields.Front?.value).toBe(notes[0].anki)

  // An edit made in Anki since, then one of the Markdown of both: only the second is Anki's.
  await server.call('updateNoteFields', { note: { id: ankiEdited, fields: { Front: ankiEdit } } })
  await writeFile(join(cwd, 'a.md'), text.replaceAll('Back: b', 'Back: c'))
  const edited = sync(cwd, server, '--json')
  expect(edited.code, edited.stderr).toBe(0)
  expect(edited.json?.updated.map((note) => [note.id, note.fields])).toEqual([
    [left, ['Back']],
    [ankiEdited, ['Front', 'Back']],
  ])
  expect(edited.json?.diagnostics.map((d) => [d.code, d.line])).toEqual([
    ['anki-edit-replaced', secondLine],
  ])
}

describe.skipIf(ankiUnavailable !== undefined)(
  `the first sync of a plugin vault${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it("leaves a note whose HTML is the plugin's spelling of decklab's as it is, and replaces one rendered otherwise", async () => {
      const cwd = await workspace({ [settingsPath]: pluginSettings })
      const server = await anki(cwd)
      // The fields as the plugin stored them (showdown, the outer <p> pair stripped).
      const added = (modelName: string, fields: Record<string, string>) =>
        server.call<number>('addNote', {
          note: { deckName: 'Default', modelName, fields, tags: ['Obsidian_to_Anki'] },
        })
      const basic = await added('Basic', {
        Front: 'This is a test.<br />\nAnd the test is continuing.',
        Back: 'Test successful!',
      })
      const cloze = await added('Cloze', {
        Text: 'The {{c1::mitochondria}} is the<br />\n{{c2::powerhouse}} of the cell',
        Extra: 'Biology<br/>\n101',
      })
      const paragraphs = await added('Basic', {
        Front: 'First paragraph</p>\n<p>second paragraph',
        Back: 'x',
      })
      const text = [
        `START\nBasic\nThis is a test.\nAnd the test is continuing.\nBack: Test successful!\n<!--ID: ${basic}-->\nEND\n`,
        `START\nCloze\nThe {{c1::mitochondria}} is the\n{{c2::powerhouse}} of the cell\nExtra: Biology\n101\n<!--ID: ${cloze}-->\nEND\n`,
        `START\nBasic\nFirst paragraph\n\nsecond paragraph\nBack: x\n<!--ID: ${paragraphs}-->\nEND\n`,
      ].join('\n')
      await writeFile(join(cwd, 'a.md'), text)
      const fieldsOf = (id: number) => noteFields(server, id)

      const dry = sync(cwd, server, '--dry-run', '--json')
      expect(dry.code, dry.stderr).toBe(0)
      expect(dry.json?.updated.map((note) => note.id)).toEqual([paragraphs])
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.updated.map((note) => note.id)).toEqual([paragraphs])
      expect(run.json?.unchanged).toBe(2)
      expect(run.json?.unrecordedKept?.notes).toBe(1)
      expect(await fieldsOf(basic)).toEqual({
        Front: 'This is a test.<br />\nAnd the test is continuing.',
        Back: 'Test successful!',
      })
      expect((await fieldsOf(cloze)).Extra).toBe('Biology<br/>\n101')
      expect((await fieldsOf(paragraphs)).Front).toBe(
        '<p>First paragraph</p>\n<p>second paragraph</p>',
      )

      // Recorded as synced: an edit of the Markdown replaces the plugin's HTML, which is no edit made in Anki.
      await writeFile(join(cwd, 'a.md'), text.replace('Test successful!', 'Test passed!'))
      const edited = sync(cwd, server, '--json')
      expect(edited.code, edited.stderr).toBe(0)
      expect(edited.json?.updated.map((note) => note.id)).toEqual([basic])
      expect(edited.json?.diagnostics).toEqual([])
      expect(edited.json?.unrecordedKept).toBeNull()
      expect(await fieldsOf(basic)).toEqual({
        Front: 'This is a test.<br>\nAnd the test is continuing.',
        Back: 'Test passed!',
      })
      const kept = await readFile(
        run.json?.record.replace(/\.json$/, '.anki-edits.jsonl') ?? '',
        'utf8',
      )
      expect(kept.trim().split('\n')).toHaveLength(1)
    })

    // Showdown expands every tab of the Markdown before it renders (its `detab`), so Anki has
    // spaces where the block has a tab; decklab keeps the tab. Not taken as a spelling (in
    // `<pre>` the two show differently): the first sync replaces the field once, keeping the
    // plugin's copy, and it is as synced from then on.
    it('replaces a field whose tab the plugin stored as spaces once, and then leaves it, with no churn', async () => {
      const cwd = await workspace({ [settingsPath]: pluginSettings })
      const server = await anki(cwd)
      const id = await server.call<number>('addNote', {
        note: {
          deckName: 'Default',
          modelName: 'Basic',
          // `Columns:\ta\tb` through showdown's detab.
          fields: { Front: 'Columns:    a   b', Back: 'b' },
          tags: ['Obsidian_to_Anki'],
        },
      })
      const text = `START\nBasic\nColumns:\ta\tb\nBack: b\n<!--ID: ${id}-->\nEND\n`
      await writeFile(join(cwd, 'a.md'), text)
      const first = sync(cwd, server, '--json')
      expect(first.code, first.stderr).toBe(0)
      expect(first.json?.updated.map((note) => [note.id, note.fields])).toEqual([[id, ['Front']]])
      expect(first.json?.unrecordedKept?.notes).toBe(1)
      expect(await noteFields(server, id)).toEqual({ Front: 'Columns:\ta\tb', Back: 'b' })
      for (let run = 0; run < 2; run += 1) {
        const again = sync(cwd, server, '--json')
        expect(again.code, again.stderr).toBe(0)
        expect(again.json?.updated).toEqual([])
        expect(again.json?.writes).toBe(0)
      }
      // An edit of the Markdown: the tab Anki has is decklab's, no edit made in Anki.
      await writeFile(join(cwd, 'a.md'), text.replace('Back: b', 'Back: c'))
      const edited = sync(cwd, server, '--json')
      expect(edited.code, edited.stderr).toBe(0)
      expect(edited.json?.updated.map((note) => [note.id, note.fields])).toEqual([[id, ['Back']]])
      expect(edited.json?.diagnostics).toEqual([])
      expect(edited.json?.unrecordedKept).toBeNull()
    })

    it('names in the plan the fields whose text an update changes, and the tags, not the fields only spelled anew', async () => {
      const cwd = await workspace({ [settingsPath]: pluginSettings })
      const server = await anki(cwd)
      const added = (fields: Record<string, string>, tags: string[]) =>
        server.call<number>('addNote', {
          note: { deckName: 'Default', modelName: 'Basic', fields, tags },
        })
      // Front is the plugin's spelling of decklab's; Back was edited in the Markdown.
      const answer = await added({ Front: 'One<br />\nTwo', Back: 'old answer' }, [
        'Obsidian_to_Anki',
      ])
      const tagged = await added({ Front: 'Tagged', Back: 'b' }, ['Obsidian_to_Anki', 'extra'])
      const both = await added({ Front: 'Both', Back: 'x' }, ['Obsidian_to_Anki'])
      await writeFile(
        join(cwd, 'a.md'),
        [
          `START\nBasic\nOne\nTwo\nBack: new answer\n<!--ID: ${answer}-->\nEND\n`,
          `START\nBasic\nTagged\nBack: b\n<!--ID: ${tagged}-->\nEND\n`,
          `START\nBasic\nBoth changed\nBack: y\nTags: new\n<!--ID: ${both}-->\nEND\n`,
        ].join('\n'),
      )

      const dry = sync(cwd, server, '--dry-run', '--json')
      expect(dry.code, dry.stderr).toBe(0)
      expect(
        dry.json?.updated.map(({ id, fields, addTags, removeTags }) => ({
          id,
          fields,
          addTags,
          removeTags,
        })),
      ).toEqual([
        { id: answer, fields: ['Back'], addTags: [], removeTags: [] },
        { id: tagged, fields: [], addTags: [], removeTags: ['extra'] },
        { id: both, fields: ['Front', 'Back'], addTags: ['new'], removeTags: [] },
      ])
      const human = sync(cwd, server, '--dry-run')
      expect(human.code, human.stderr).toBe(0)
      expect(human.stderr).toContain(`update  a.md:1 (note ${answer}): fields Back\n`)
      expect(human.stderr).toContain(`update  a.md:9 (note ${tagged}): tags -extra\n`)
      expect(human.stderr).toContain(
        `update  a.md:16 (note ${both}): fields Front, Back; tags +new\n`,
      )
    })

    it("leaves a heading with showdown's id as it is, and takes it for no edit made in Anki", async () => {
      const cwd = await workspace({ [settingsPath]: pluginSettings })
      const server = await anki(cwd)
      // `# Heading` and a line under it, as the plugin stored them (no outer <p> pair to strip).
      const front =
        '<h1 id="headersaresupportedtoo">Headers are supported too</h1>\n<p>One<br />\nTwo</p>'
      const id = await server.call<number>('addNote', {
        note: {
          deckName: 'Default',
          modelName: 'Basic',
          fields: { Front: front, Back: 'b' },
          tags: ['Obsidian_to_Anki'],
        },
      })
      const text = `START\nBasic\n# Headers are supported too\nOne\nTwo\nBack: b\n<!--ID: ${id}-->\nEND\n`
      await writeFile(join(cwd, 'a.md'), text)

      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.updated).toEqual([])
      expect(run.json?.unchanged).toBe(1)
      const [info] = await server.call<NoteInfo[]>('notesInfo', { notes: [id] })
      expect(info?.fields.Front?.value).toBe(front)

      await writeFile(join(cwd, 'a.md'), text.replace('Back: b', 'Back: c'))
      const edited = sync(cwd, server, '--json')
      expect(edited.code, edited.stderr).toBe(0)
      expect(edited.json?.updated.map((note) => [note.id, note.fields])).toEqual([[id, ['Back']]])
      expect(edited.json?.diagnostics).toEqual([])
    })

    it("leaves a blockquote in showdown's indent as it is, and still tells an edit made in Anki since", async () => {
      // `> quoted text` (and a nested quote) as the plugin stored them: showdown indents a blockquote's blocks.
      const nested =
        '<blockquote>\n  <p>one</p>\n  <blockquote>\n    <p>two</p>\n  </blockquote>\n</blockquote>'
      await expectLeftAsSpelled(
        [
          { anki: '<blockquote>\n  <p>quoted text</p>\n</blockquote>', markdown: '> quoted text' },
          { anki: nested, markdown: '> one\n>\n>> two' },
        ],
        nested.replace('two', 'three'),
      )
    })

    it("leaves a quote of several lines, and a quoted table, in showdown's indent as they are, and still tells an edit made in Anki since", async () => {
      // `> a` / `> b` and a quoted table as the plugin stored them: showdown indents each line of a quote.
      const table =
        '<blockquote>\n  <table>\n  <thead>\n  <tr>\n  <th>a</th>\n  </tr>\n  </thead>\n  <tbody>\n  <tr>\n  <td>1</td>\n  </tr>\n  </tbody>\n  </table>\n</blockquote>'
      await expectLeftAsSpelled(
        [
          {
            anki: '<blockquote>\n  <p>first line<br />\n  <em>second</em> line</p>\n</blockquote>',
            markdown: '> first line\n> *second* line',
          },
          { anki: table, markdown: '> | a |\n> |---|\n> | 1 |' },
        ],
        table.replace('<td>1</td>', '<td>2</td>'),
      )
    })

    it("leaves a link whose URL has showdown's raw `&` as it is, and still tells an edit made in Anki since", async () => {
      // `[a](http://x.org/?a=1&b=2) and http://x.org/?a=1&b=2` as the plugin stored it: decklab writes `&amp;`.
      const link = (url: string) => `<a href="${url}">a</a> and <a href="${url}">${url}</a>`
      const note = (url: string) => ({ anki: link(url), markdown: `[a](${url}) and ${url}` })
      await expectLeftAsSpelled(
        [note('http://x.org/?a=1&b=2'), note('http://y.org/?c=1&d=2')],
        link('http://y.org/?c=1&d=3'),
      )
    })

    it("leaves showdown's raw `<` and `>` of text as they are, and still tells an edit made in Anki since", async () => {
      // showdown takes `< b, c >` for a tag and leaves it raw, where decklab writes `&lt;` and `&gt;`.
      await expectLeftAsSpelled(
        [
          { anki: 'a < b, c > d', markdown: 'a < b, c > d' },
          { anki: 'x <= 6, y >= 2', markdown: 'x <= 6, y >= 2' },
        ],
        'x <= 7, y >= 2',
      )
    })

    it("leaves a note whose quotes are the plugin's `\"` for decklab's `&quot;`, and tells an edit made in Anki since from an edit of the Markdown", async () => {
      const cwd = await workspace({ [settingsPath]: pluginSettings })
      const server = await anki(cwd)
      // As showdown left them: quotes as characters in text and code, where decklab writes
      // `He said &quot;hi&quot;` and `<code>a &quot;b&quot;</code>`. The plugin 3.6.0 escapes
      // math as decklab does (`\(f&#039;(x)\)`); the character there is an older plugin's
      // (one that put math back unescaped) or an edit made in Anki.
      const added = (front: string) =>
        server.call<number>('addNote', {
          note: {
            deckName: 'Default',
            modelName: 'Basic',
            fields: { Front: front, Back: '<code>a "b"</code> and \\(f\'(x)\\)' },
            tags: ['Obsidian_to_Anki'],
          },
        })
      const ankiEdited = await added('He said "hi"')
      const markdownEdited = await added('She said "bye"')
      const block = (front: string, id: number) =>
        `START\nBasic\n${front}\nBack: \`a "b"\` and $f'(x)$\n<!--ID: ${id}-->\nEND\n`
      const text = [
        block('He said "hi"', ankiEdited),
        block('She said "bye"', markdownEdited),
      ].join('\n')
      await writeFile(join(cwd, 'a.md'), text)
      const fieldsOf = (id: number) => noteFields(server, id)
      const before = await fieldsOf(markdownEdited)

      const dry = sync(cwd, server, '--dry-run')
      expect(dry.code, dry.stderr).toBe(0)
      expect(dry.stderr).not.toContain('update  ')
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.updated).toEqual([])
      expect(run.json?.unchanged).toBe(2)
      expect(await fieldsOf(markdownEdited)).toEqual(before)
      const again = sync(cwd, server, '--json')
      expect(again.json?.updated).toEqual([])
      expect(again.json?.diagnostics).toEqual([])

      // An edit made in Anki since, then one of the Markdown of both notes: only the first was edited in Anki.
      await server.call('updateNoteFields', {
        note: { id: ankiEdited, fields: { Front: 'He said "hello"' } },
      })
      await writeFile(join(cwd, 'a.md'), text.replaceAll('`a "b"`', '`a "c"`'))
      const edited = sync(cwd, server, '--json')
      expect(edited.code, edited.stderr).toBe(0)
      expect(edited.json?.updated.map((note) => [note.id, note.fields])).toEqual([
        [ankiEdited, ['Front', 'Back']],
        [markdownEdited, ['Back']],
      ])
      expect(edited.json?.diagnostics.map((d) => [d.code, d.line])).toEqual([
        ['anki-edit-replaced', 1],
      ])
      expect(await fieldsOf(markdownEdited)).toEqual({
        Front: 'She said &quot;bye&quot;',
        Back: '<code>a &quot;c&quot;</code> and \\(f&#039;(x)\\)',
      })
    })

    it('reads the fields hash of a record decklab kept before one spelling: a note it wrote with `&quot;` is no edit made in Anki', async () => {
      const cwd = await workspace()
      const server = await anki(cwd)
      const text = 'START\nBasic\nHe said "hi"\nBack: b\nEND\n'
      await writeFile(join(cwd, 'a.md'), text)
      const first = sync(cwd, server, '--json')
      expect(first.code, first.stderr).toBe(0)
      const [id] = first.json?.added.map((note) => note.id) ?? []
      // Until 2026-12-07 the record hashed the fields as decklab spelled them.
      const recordPath = first.json?.record ?? ''
      const record = JSON.parse(await readFile(recordPath, 'utf8'))
      const entry = record.notes[String(id)]
      const [info] = await server.call<NoteInfo[]>('notesInfo', { notes: [id] })
      const synced = Object.fromEntries(
        Object.entries(info?.fields ?? {}).map(([name, field]) => [name, field.value]),
      )
      expect(synced.Front).toBe('He said &quot;hi&quot;')
      const old = fieldsHash(synced)
      expect(entry.fields).not.toBe(old)
      entry.fields = old
      await writeFile(recordPath, JSON.stringify(record))

      await writeFile(
        join(cwd, 'a.md'),
        (await readFile(join(cwd, 'a.md'), 'utf8')).replace('Back: b', 'Back: c'),
      )
      const edited = sync(cwd, server, '--json')
      expect(edited.code, edited.stderr).toBe(0)
      expect(edited.json?.updated.map((note) => [note.id, note.fields])).toEqual([[id, ['Back']]])
      expect(edited.json?.diagnostics).toEqual([])
    })

    it("reads an older decklab's record of plugin notes it left with `<br />`, whose math's `'` both spell `&#039;`: only the one edited in Anki since is said to be", async () => {
      const cwd = await workspace({ [settingsPath]: pluginSettings })
      const server = await anki(cwd)
      // As the plugin stores them: showdown's `<br />`, and the math escaped as decklab escapes it.
      const added = (front: string) =>
        server.call<number>('addNote', {
          note: {
            deckName: 'Default',
            modelName: 'Basic',
            fields: { Front: `${front}<br />\n\\(f&#039;(x)\\)`, Back: 'b' },
            tags: ['Obsidian_to_Anki'],
          },
        })
      const left = await added('Derivative')
      const ankiEdited = await added('Slope')
      const block = (front: string, id: number) =>
        `START\nBasic\n${front}\n$f'(x)$\nBack: b\n<!--ID: ${id}-->\nEND\n`
      const text = [block('Derivative', left), block('Slope', ankiEdited)].join('\n')
      await writeFile(join(cwd, 'a.md'), text)
      const first = sync(cwd, server, '--json')
      expect(first.code, first.stderr).toBe(0)
      expect(first.json?.unchanged).toBe(2)
      // Until 2026-12-07 the record hashed the fields as decklab rendered them, as spelled:
      // an older decklab left these notes so, and kept that hash.
      const rendered = (front: string) => ({ Front: `${front}<br>\n\\(f&#039;(x)\\)`, Back: 'b' })
      const recordPath = first.json?.record ?? ''
      const record = JSON.parse(await readFile(recordPath, 'utf8'))
      record.notes[String(left)].fields = fieldsHash(rendered('Derivative'))
      record.notes[String(ankiEdited)].fields = fieldsHash(rendered('Slope'))
      await writeFile(recordPath, JSON.stringify(record))

      await server.call('updateNoteFields', {
        note: { id: ankiEdited, fields: { Front: 'Slope at x<br />\n\\(f&#039;(x)\\)' } },
      })
      await writeFile(join(cwd, 'a.md'), text.replaceAll('Back: b', 'Back: c'))
      const edited = sync(cwd, server, '--json')
      expect(edited.code, edited.stderr).toBe(0)
      expect(edited.json?.updated.map((note) => [note.id, note.fields])).toEqual([
        [left, ['Back']],
        [ankiEdited, ['Front', 'Back']],
      ])
      expect(edited.json?.diagnostics.map((d) => [d.code, d.line])).toEqual([
        ['anki-edit-replaced', 9],
      ])
      const [info] = await server.call<NoteInfo[]>('notesInfo', { notes: [left] })
      // decklab's own spelling of the note left, which the older record hashed but for the edit.
      expect(info?.fields.Front?.value).toBe(rendered('Derivative').Front)
    })

    it('holds a plugin note with the plugin\'s `"`, left so, when moved without its ID line', async () => {
      const cwd = await workspace({ [settingsPath]: pluginSettings })
      const server = await anki(cwd)
      const id = await server.call<number>('addNote', {
        note: {
          deckName: 'Default',
          modelName: 'Basic',
          fields: { Front: 'He said "hi"', Back: 'b' },
          tags: ['Obsidian_to_Anki'],
        },
      })
      const block = 'START\nBasic\nHe said "hi"\nBack: b\n'
      await writeFile(join(cwd, 'a.md'), `${block}<!--ID: ${id}-->\nEND\n`)
      const first = sync(cwd, server, '--json')
      expect(first.code, first.stderr).toBe(0)
      expect(first.json?.unchanged).toBe(1)
      await writeFile(join(cwd, 'a.md'), '')
      await writeFile(join(cwd, 'b.md'), `${block}END\n`)

      const run = sync(cwd, server, '--json')
      expect(run.json?.added).toEqual([])
      expect(run.json?.deleted).toEqual([])
      expect(run.json?.diagnostics.map((d) => [d.code, d.file])).toEqual([
        ['anki-rejected', 'b.md'],
        ['delete-held', 'b.md'],
      ])
      const [info] = await server.call<NoteInfo[]>('notesInfo', { notes: [id] })
      expect(info?.fields.Front?.value).toBe('He said "hi"')
    })

    it("holds a plugin note moved without its ID line, in the plugin's spelling, when an older decklab's record has no hash of its fields", async () => {
      const cwd = await workspace({ [settingsPath]: pluginSettings })
      const server = await anki(cwd)
      const id = await server.call<number>('addNote', {
        note: {
          deckName: 'Default',
          modelName: 'Basic',
          fields: { Front: 'One<br />\nTwo', Back: 'b' },
          tags: ['Obsidian_to_Anki'],
        },
      })
      const block = 'START\nBasic\nOne\nTwo\nBack: b\n'
      await writeFile(join(cwd, 'a.md'), `${block}<!--ID: ${id}-->\nEND\n`)
      const first = sync(cwd, server, '--json')
      expect(first.code, first.stderr).toBe(0)
      expect(first.json?.unchanged).toBe(1)
      // A record as decklab kept it until 2026-12-03: no `fields` hash of a note.
      const recordPath = first.json?.record ?? ''
      const record = JSON.parse(await readFile(recordPath, 'utf8'))
      for (const entry of Object.values(record.notes)) delete (entry as { fields?: string }).fields
      await writeFile(recordPath, JSON.stringify(record))
      // Cut and pasted into another file without its ID line.
      await writeFile(join(cwd, 'a.md'), '')
      await writeFile(join(cwd, 'b.md'), `${block}END\n`)

      const run = sync(cwd, server, '--json')
      expect(run.json?.added).toEqual([])
      expect(run.json?.deleted).toEqual([])
      expect(run.json?.diagnostics.map((d) => [d.code, d.file])).toEqual([
        ['anki-rejected', 'b.md'],
        ['delete-held', 'b.md'],
      ])
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toEqual([id])
    })
  },
)
