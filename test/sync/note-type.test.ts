import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { importAndFind } from '../anki/real-anki.js'
import { withAnkiCollection } from '../support/anki-python.js'
import { runDecklab } from '../support/decklab.js'
import { ankiUnavailable, loggedActions, readOnlyActions } from './anki-server.js'
import { anki, ids, sync, workspace } from './sync-fixture.js'

interface NoteInfo {
  modelName: string
  tags: string[]
  fields: Record<string, { value: string }>
}

/** Rename a field of a note type in a collection (created when missing), with Anki's library. */
function renameField(collection: string, model: string, from: string, to: string): void {
  withAnkiCollection(collection, [
    `m = col.models.byName(${JSON.stringify(model)})`,
    `col.models.renameField(m, [f for f in m['flds'] if f['name'] == ${JSON.stringify(from)}][0], ${JSON.stringify(to)})`,
  ])
}

async function recordedIds(cwd: string): Promise<string[]> {
  const folder = join(cwd, 'state', 'sync')
  const ids: string[] = []
  for (const name of await readdir(folder)) {
    if (!name.endsWith('.json')) continue
    const record = JSON.parse(await readFile(join(folder, name), 'utf8')) as {
      notes: Record<string, unknown>
    }
    ids.push(...Object.keys(record.notes))
  }
  return ids
}

/**
 * Make the record what a decklab without the note-type check (before a52d9ea)
 * wrote when the block of note `from` named Anki's note `to` instead: the
 * entry of `from` under `to`, and no entry marked `typeChecked` (checked by
 * hand with that build: it records such a note as synced, with the block's
 * hash). The Markdown names `to`, and `from` is gone from Anki.
 */
async function asOldRecord(
  cwd: string,
  server: { call<T>(action: string, params?: Record<string, unknown>): Promise<T> },
  from: number,
  to: number,
): Promise<void> {
  const folder = join(cwd, 'state', 'sync')
  for (const name of await readdir(folder)) {
    if (!name.endsWith('.json')) continue
    const record = JSON.parse(await readFile(join(folder, name), 'utf8')) as {
      notes: Record<string, { typeChecked?: boolean }>
    }
    record.notes[String(to)] = record.notes[String(from)] as { typeChecked?: boolean }
    delete record.notes[String(from)]
    for (const entry of Object.values(record.notes)) delete entry.typeChecked
    await writeFile(join(folder, name), JSON.stringify(record))
  }
  const text = await readFile(join(cwd, 'a.md'), 'utf8')
  await writeFile(join(cwd, 'a.md'), text.replace(`ID: ${from}-->`, `ID: ${to}-->`))
  await server.call('deleteNotes', { notes: [from] })
}

/** A collection whose stock `Basic` has its `Back` renamed `Answer`, served, with one such note in it. */
async function basicWithAnswer() {
  const cwd = await workspace()
  renameField(join(cwd, 'collection.anki2'), 'Basic', 'Back', 'Answer')
  const server = await anki(cwd)
  const id = await server.call<number>('addNote', {
    note: {
      deckName: 'Default',
      modelName: 'Basic',
      fields: { Front: 'Q?', Answer: 'A' },
      tags: [],
    },
  })
  return { cwd, server, id }
}

describe.skipIf(ankiUnavailable !== undefined)(
  `decklab sync of a note whose ID names an Anki note of another type${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it('is an error at the note, and the sync changes nothing in Anki, then or later', async () => {
      const cwd = await workspace()
      let server = await anki(cwd, 'setup.log')
      await server.call('createDeck', { deck: 'Plugin' })
      const cloze = await server.call<number>('addNote', {
        note: {
          deckName: 'Plugin',
          modelName: 'Cloze',
          fields: { Text: 'The sun is a {{c1::star}}', 'Back Extra': '' },
          tags: ['leech', 'sky'],
        },
      })
      await server.stop()
      const block = `START\nBasic\nSun question edited\nBack: star\nTags: astro\n<!--ID: ${cloze}-->\nEND\n`
      const other = 'START\nBasic\nA new one?\nBack: yes\nEND\n'
      await writeFile(join(cwd, 'a.md'), `TARGET DECK\nOther\n\n${block}\n${other}`)

      server = await anki(cwd, 'sync.log', server.port)
      const dry = sync(cwd, server, '--json', '--dry-run')
      expect(dry.code).toBe(1)
      expect(dry.json?.diagnostics.map((d) => d.code)).toEqual(['note-type-mismatch'])
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(1)
      expect(run.json).toMatchObject({ added: [], updated: [], moved: [], deleted: [], media: [] })
      expect(run.json?.diagnostics).toEqual([
        expect.objectContaining({
          code: 'note-type-mismatch',
          severity: 'error',
          file: 'a.md',
          line: 4,
        }),
      ])
      const text = sync(cwd, server)
      expect(text.stderr).toMatch(
        /^a\.md:4:1 error note-type-mismatch Unexpected note type `Cloze` of note \d+ in Anki, expected `Basic`/m,
      )
      expect(text.stderr).toContain('Change Note Type')
      expect(text.stderr).toContain('sync stopped: nothing in Anki was changed')
      // Again and again: never taken for synced.
      expect(sync(cwd, server, '--json').json?.diagnostics.map((d) => d.code)).toEqual([
        'note-type-mismatch',
      ])
      const [info] = await server.call<NoteInfo[]>('notesInfo', { notes: [cloze] })
      expect(info?.modelName).toBe('Cloze')
      expect(info?.fields.Text?.value).toBe('The sun is a {{c1::star}}')
      expect(info?.tags.sort()).toEqual(['leech', 'sky'])
      const cards = await server.call<number[]>('findCards', { query: `nid:${cloze}` })
      const [card] = await server.call<Array<{ deckName: string }>>('cardsInfo', { cards })
      expect(card?.deckName).toBe('Plugin')
      // Nothing else either: the new note waits until the error is fixed.
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toEqual([cloze])
      expect(await recordedIds(cwd)).toEqual([])
      await server.stop()
      expect(
        loggedActions(join(cwd, 'sync.log')).filter((action) => !readOnlyActions.has(action)),
      ).toEqual([])

      // The block taken out: the Cloze note, never synced by decklab, stays.
      server = await anki(cwd, 'after.log', server.port)
      await writeFile(join(cwd, 'a.md'), `TARGET DECK\nOther\n\n${other}`)
      const after = sync(cwd, server, '--json')
      expect(after.code, after.stderr).toBe(0)
      expect(after.json?.deleted).toEqual([])
      expect(after.json?.added).toHaveLength(1)
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toContain(cloze)
    })

    it("fills an older collection's Cloze field `Extra` from `Back Extra:`, as the plugin filled it from `Extra:`", async () => {
      const cwd = await workspace()
      let server = await anki(cwd, 'setup.log')
      expect(await server.call<string[]>('modelFieldNames', { modelName: 'Cloze' })).toEqual([
        'Text',
        'Extra',
      ])
      const id = await server.call<number>('addNote', {
        note: {
          deckName: 'Default',
          modelName: 'Cloze',
          fields: { Text: 'Paris is the {{c1::capital}}', Extra: 'of France' },
          tags: [],
        },
      })
      await server.stop()
      const block = (extra: string) =>
        `START\nCloze\nParis is the {{c1::capital}}\n${extra}\n<!--ID: ${id}-->\nEND\n`
      // `Extra:` is text of `Text` to decklab: said, not silently sent.
      await writeFile(join(cwd, 'a.md'), block('Extra: of France'))
      server = await anki(cwd, 'sync.log', server.port)
      const check = sync(cwd, server, '--json', '--dry-run')
      expect(check.json?.diagnostics.map((d) => d.code)).toEqual(['old-field-name'])
      await writeFile(join(cwd, 'a.md'), block('Back Extra: of *France*'))
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.updated).toHaveLength(1)
      const [info] = await server.call<NoteInfo[]>('notesInfo', { notes: [id] })
      expect(info?.modelName).toBe('Cloze')
      expect(info?.fields.Text?.value).toBe('Paris is the {{c1::capital}}')
      expect(info?.fields.Extra?.value).toBe('of <em>France</em>')
      await server.stop()
    })

    it("keeps a plugin-synced Cloze as it is when the plugin's settings name its second field `Extra` and the block fills it from `Extra:`", async () => {
      const cwd = await workspace()
      const server = await anki(cwd)
      const id = await server.call<number>('addNote', {
        note: {
          deckName: 'Default',
          modelName: 'Cloze',
          fields: { Text: 'Paris is the {{c1::capital}}', Extra: 'of France' },
          tags: ['Obsidian_to_Anki'],
        },
      })
      // The plugin's settings as it wrote them from this collection: Cloze's fields are `Text`, `Extra`.
      await mkdir(join(cwd, '.obsidian', 'plugins', 'obsidian-to-anki-plugin'), { recursive: true })
      await writeFile(
        join(cwd, '.obsidian', 'plugins', 'obsidian-to-anki-plugin', 'data.json'),
        JSON.stringify({ settings: {}, fields_dict: { Cloze: ['Text', 'Extra'] } }),
      )
      await writeFile(
        join(cwd, 'a.md'),
        `START\nCloze\nParis is the {{c1::capital}}\nExtra: of France\n<!--ID: ${id}-->\nEND\n`,
      )
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.diagnostics).toEqual([])
      expect(run.json?.updated).toEqual([])
      const [info] = await server.call<NoteInfo[]>('notesInfo', { notes: [id] })
      expect(info?.fields.Text?.value).toBe('Paris is the {{c1::capital}}')
      expect(info?.fields.Extra?.value).toBe('of France')
      await server.stop()
    })

    it("updates notes of decklab's own type that Anki renamed on import (`Basic (decklab)-1a2b3`)", async () => {
      // A sync made `Basic (decklab)` through AnkiConnect (an id of Anki's); a package's
      // `Basic (decklab)` (decklab's fixed id) imported then was renamed by Anki's importer.
      // Its notes were note-type-mismatch, and the sync of their vault stopped.
      const cwd = await workspace({
        'own/.obsidian/app.json': '{}',
        'own/a.md': 'START\nBasic\nOwn?\nBack: own\nEND\n',
        'course/.obsidian/app.json': '{}',
        'course/c.md': '---\ndeck: Course\n---\nSTART\nBasic\nCourse?\nBack: course\nEND\n',
      })
      let server = await anki(cwd)
      const own = sync(join(cwd, 'own'), server, '--json')
      expect(own.code, own.stderr).toBe(0)
      await server.stop()
      // The package is outside the vault: its record goes to this state directory, not the home folder's.
      const build = runDecklab(['build', '-o', '../course.apkg'], {
        cwd: join(cwd, 'course'),
        env: { DECKLAB_STATE_DIR: join(cwd, 'state') },
      })
      expect(build.code, build.stderr).toBe(0)
      importAndFind(join(cwd, 'collection.anki2'), join(cwd, 'course.apkg'), [])
      server = await anki(cwd, 'anki2.log', server.port)
      const [id] = ids(await readFile(join(cwd, 'course/c.md'), 'utf8'))
      const before = await server.call<NoteInfo[]>('notesInfo', { notes: [id] })
      expect(before[0]?.modelName).toMatch(/^Basic \(decklab\)-[0-9a-f]{5}$/)

      await writeFile(
        join(cwd, 'course/c.md'),
        (await readFile(join(cwd, 'course/c.md'), 'utf8')).replace('Back: course', 'Back: edited'),
      )
      const run = sync(join(cwd, 'course'), server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.added).toEqual([])
      expect(run.json?.updated).toEqual([expect.objectContaining({ id })])
      const after = await server.call<NoteInfo[]>('notesInfo', { notes: [id] })
      expect(after[0]?.fields.Back?.value).toBe('edited')
      expect(after[0]?.modelName).toBe(before[0]?.modelName)
    })

    it('is an error when the note type of that name in Anki lacks the fields', async () => {
      // The stock `Basic`, its `Back` renamed `Answer` in Anki; the plugin fills it from `Answer:`.
      const { cwd, server, id } = await basicWithAnswer()
      await writeFile(
        join(cwd, 'a.md'),
        `START\nBasic\nQ edited?\nBack: A edited\n<!--ID: ${id}-->\nEND\n`,
      )
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(1)
      expect(run.json?.updated).toEqual([])
      expect(run.json?.diagnostics).toEqual([
        expect.objectContaining({ code: 'note-type-mismatch', file: 'a.md', line: 1 }),
      ])
      const plain = sync(cwd, server)
      expect(plain.stderr).toContain('Unexpected note type `Basic` of note')
      expect(plain.stderr).toContain('without the field(s) `Back`')
      const [info] = await server.call<NoteInfo[]>('notesInfo', { notes: [id] })
      expect(info?.fields.Front?.value).toBe('Q?')
      expect(info?.fields.Answer?.value).toBe('A')
    })

    it('is an error when the block fills a field renamed in Anki from a line of its name, never put on the front', async () => {
      // The stock `Basic`, its `Back` renamed `Answer` in Anki; the plugin fills it from `Answer:`.
      const { cwd, server, id } = await basicWithAnswer()
      await writeFile(
        join(cwd, 'a.md'),
        `START\nBasic\nQ?\nAnswer: A edited\n<!--ID: ${id}-->\nEND\n`,
      )
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(1)
      expect(run.json?.updated).toEqual([])
      // The `Answer:` line is text of the front, so the note has no Back either (`empty-answer`).
      expect(run.json?.diagnostics).toEqual([
        expect.objectContaining({ code: 'empty-answer', file: 'a.md', line: 1 }),
        expect.objectContaining({ code: 'note-type-mismatch', file: 'a.md', line: 1 }),
      ])
      expect(run.stderr).toContain('Unexpected field(s) `Answer` of note type `Basic`')
      const [info] = await server.call<NoteInfo[]>('notesInfo', { notes: [id] })
      expect(info?.fields.Front?.value).toBe('Q?')
      expect(info?.fields.Answer?.value).toBe('A')
    })

    it("refuses to add a note whose text decklab's note type in Anki has no field for (one renamed there), and adds the others", async () => {
      const cwd = await workspace({ 'a.md': 'START\nBasic\nFirst?\nBack: one\nEND\n' })
      const first = await anki(cwd)
      expect(sync(cwd, first).code).toBe(0)
      await first.stop()
      // decklab's own `Basic (decklab)`, made by that sync, its `Back` renamed in Anki.
      renameField(join(cwd, 'collection.anki2'), 'Basic (decklab)', 'Back', 'Answer')
      const server = await anki(cwd, 'second.log', first.port)
      await writeFile(
        join(cwd, 'b.md'),
        'START\nBasic\nSecond?\nBack: the answer Anki would drop\nEND\n\nSTART\nCloze\nThe {{c1::third}}\nEND\n\nSTART\nBasic\nFourth?\nBack: dropped too\nEND\n',
      )
      const dry = sync(cwd, server, '--dry-run', '--json')
      expect(dry.code, dry.stderr).toBe(1)
      expect(dry.json?.added.map((entry) => entry.line)).toEqual([7])
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(1)
      expect(run.json?.added.map((entry) => entry.line)).toEqual([7])
      // The cloze note gets the stock `Cloze`: this AnkiConnect (2019) makes no cloze type.
      expect(run.json?.diagnostics).toEqual([
        expect.objectContaining({ code: 'anki-rejected', file: 'b.md', line: 1 }),
        expect.objectContaining({ code: 'note-type-not-created', file: 'b.md', line: 7 }),
      ])
      // One error for the notes of that type, at the first.
      expect(run.stderr).toContain(
        "Unexpected note type for this note: Anki's note type `Basic (decklab)` has no field `Back`",
      )
      expect(run.stderr).toContain('decklab did not send the note')
      expect(run.stderr).toContain('1 other new note of that type is left out too')
      expect(await server.call<number[]>('findNotes', { query: 'Second*' })).toEqual([])
      expect(await server.call<number[]>('findNotes', { query: 'Fourth*' })).toEqual([])
      expect(ids(await readFile(join(cwd, 'b.md'), 'utf8'))).toHaveLength(1)
    })

    it('listed as synced by a record of an older decklab: checked once, the same error; an unchanged vault then syncs without a request for it', async () => {
      const cwd = await workspace()
      const server = await anki(cwd)
      const cloze = await server.call<number>('addNote', {
        note: {
          deckName: 'Default',
          modelName: 'Cloze',
          fields: { Text: 'The sun is a {{c1::star}}' },
          tags: ['sky'],
        },
      })
      await writeFile(
        join(cwd, 'a.md'),
        'START\nBasic\nSun?\nBack: star\nEND\n\nSTART\nBasic\nOther?\nBack: yes\nEND\n',
      )
      expect(sync(cwd, server).code).toBe(0)
      const [sun, other] = ids(await readFile(join(cwd, 'a.md'), 'utf8')) as [number, number]
      await asOldRecord(cwd, server, sun, cloze)

      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(1)
      expect(run.json?.diagnostics).toEqual([
        expect.objectContaining({ code: 'note-type-mismatch', file: 'a.md', line: 1 }),
      ])
      expect(run.json?.writes).toBe(0)
      // Forgotten, so never deleted for the block; the other note is checked and kept.
      expect((await recordedIds(cwd)).sort()).toEqual([String(other)])
      const [info] = await server.call<NoteInfo[]>('notesInfo', { notes: [cloze] })
      expect(info?.tags).toEqual(['sky'])

      // The block fixed (its ID taken out, so it is added as a new note): checked once only.
      const text = await readFile(join(cwd, 'a.md'), 'utf8')
      await writeFile(join(cwd, 'a.md'), text.replace(`<!--ID: ${cloze}-->\n`, ''))
      const fixed = sync(cwd, server, '--json')
      expect(fixed.code, fixed.stderr).toBe(0)
      expect(fixed.json?.added).toHaveLength(1)
      const again = sync(cwd, server, '--json')
      expect(again.code, again.stderr).toBe(0)
      expect(again.json).toMatchObject({ unchanged: 2, writes: 0, diagnostics: [] })
      // version and findNotes: no note read, since the record knows both notes' types now.
      expect(again.json?.requests).toBe(2)
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toContain(cloze)
    })

    it('listed as synced by a record of an older decklab, its block then removed: not deleted, with a warning', async () => {
      const cwd = await workspace()
      const server = await anki(cwd)
      const cloze = await server.call<number>('addNote', {
        note: {
          deckName: 'Default',
          modelName: 'Cloze',
          fields: { Text: 'The sun is a {{c1::star}}' },
          tags: [],
        },
      })
      const other = 'START\nBasic\nOther?\nBack: yes\nEND\n'
      await writeFile(join(cwd, 'a.md'), `START\nBasic\nSun?\nBack: star\nEND\n\n${other}`)
      expect(sync(cwd, server).code).toBe(0)
      const [sun, otherId] = ids(await readFile(join(cwd, 'a.md'), 'utf8')) as [number, number]
      await asOldRecord(cwd, server, sun, cloze)
      await writeFile(join(cwd, 'a.md'), `${other.replace('END', `<!--ID: ${otherId}-->\nEND`)}`)

      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.deleted).toEqual([])
      expect(run.json?.writes).toBe(0)
      expect(run.json?.diagnostics).toEqual([
        expect.objectContaining({ code: 'delete-unverified', severity: 'warning', file: 'a.md' }),
      ])
      expect(sync(cwd, server, '--json').json).toMatchObject({ deleted: [], diagnostics: [] })
      expect((await server.call<number[]>('findNotes', { query: 'deck:*' })).sort()).toEqual(
        [cloze, otherId].sort(),
      )
    })
  },
)
