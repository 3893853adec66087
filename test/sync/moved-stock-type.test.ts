/**
 * A note the Obsidian_to_Anki plugin added is of a stock note type
 * (`Basic`), while sync adds new notes as decklab's (`Basic (decklab)`).
 * Moved unedited to another file without its `<!--ID: N-->` line, it was
 * added as a new `Basic (decklab)` note, which Anki took (it refuses a
 * duplicate within one note type only), and note N was deleted as removed,
 * with its cards and review history. The same move of a note of decklab's
 * own type was held (Anki refused the copy). Now the removal is compared
 * with the new notes by its fields as Anki would have them and whether the
 * block's type fits N: it is held, and the copy not added, for both types.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { withAnkiCollection } from '../support/anki-python.js'
import { runDecklabOnTerminal, terminalUnavailable } from '../support/on-terminal.js'
import { type AnkiServer, ankiUnavailable } from './anki-server.js'
import { anki, ids, reviews, study, sync, workspace } from './sync-fixture.js'

/**
 * \`Cloze (decklab)\` made in the collection, as an AnkiConnect since 2020 makes it
 * (\`createModel\` with \`isCloze\`); this one (2019) cannot, and new cloze notes get the stock \`Cloze\`.
 */
function addDecklabCloze(collection: string): void {
  withAnkiCollection(collection, [
    'mm = col.models',
    "m = mm.new('Cloze (decklab)')",
    'm["type"] = 1',
    "for f in ['Text', 'Back Extra', 'Lab']: mm.addField(m, mm.newField(f))",
    "t = mm.newTemplate('Cloze')",
    "t['qfmt'] = '{{cloze:Text}}'",
    "t['afmt'] = '{{cloze:Text}}<br>{{Back Extra}}{{Lab}}'",
    'mm.addTemplate(m, t)',
    'mm.add(m)',
  ])
}

const allNotes = (server: AnkiServer) => server.call<number[]>('findNotes', { query: 'deck:*' })

/** A stock-type block as the plugin writes it, with its ID line when given one. */
function block(type: string, fields: Record<string, string>, id?: number): string {
  const [first, ...rest] = Object.entries(fields)
  const lines = [first?.[1], ...rest.map(([name, value]) => `${name}: ${value}`)]
  return `START\n${type}\n${lines.join('\n')}\n${id === undefined ? '' : `<!--ID: ${id}-->\n`}END\n`
}

const deck = (name: string) => `---\ndeck: ${name}\n---\n`

/** Where note N stands (deck One) and where its block goes (deck Two). */
interface Files {
  from: string
  to: string
}

const rootFiles: Files = { from: 'a.md', to: 'b.md' }

/** A note the plugin added: its type, its block's fields, Anki's, and how many cards it has. */
interface PluginNote {
  type: string
  fields: Record<string, string>
  /** Its fields as Anki names them, where that differs (this Anki's Cloze calls `Back Extra` `Extra`). */
  ankiFields?: Record<string, string>
  cards: number
  /** `Cloze (decklab)` in Anki, as an AnkiConnect since 2020 makes it (see addDecklabCloze). */
  decklabCloze?: boolean
}

const basic: PluginNote = { type: 'Basic', fields: { Front: 'Alpha?', Back: 'alpha' }, cards: 1 }
const reversed: PluginNote = { ...basic, type: 'Basic (and reversed card)', cards: 2 }
const cloze: PluginNote = {
  type: 'Cloze',
  fields: { Text: 'The {{c1::cell}} is the unit of life', 'Back Extra': 'biology' },
  ankiFields: { Text: 'The {{c1::cell}} is the unit of life', Extra: 'biology' },
  cards: 1,
}
// With this AnkiConnect, a new cloze note gets the stock `Cloze`, which Anki refuses as a duplicate.
const clozeNow: PluginNote = { ...cloze, decklabCloze: true }

/**
 * The persona's vault: `from` (deck One) holds `plugin`'s note N of a stock
 * type, added and studied by the plugin, and a note decklab added; synced
 * whole once by decklab (so its record knows N); `to` (deck Two) another
 * note. Anki is left running on the port it had.
 */
async function pluginVault(plugin: PluginNote, files: Files = rootFiles) {
  const { type, fields } = plugin
  const cwd = await workspace({ '.obsidian/app.json': '{}' })
  const setup = await anki(cwd, 'setup.log')
  await setup.call('createDeck', { deck: 'One' })
  const note = await setup.call<number>('addNote', {
    note: { deckName: 'One', modelName: type, fields: plugin.ankiFields ?? fields, tags: [] },
  })
  await setup.stop()
  study(setup.collection, note)
  if (plugin.decklabCloze) addDecklabCloze(setup.collection)
  const text = `${deck('One')}${block(type, fields, note)}\n${block('Basic', { Front: 'Beta?', Back: 'beta' })}`
  await mkdir(dirname(join(cwd, files.from)), { recursive: true })
  await mkdir(dirname(join(cwd, files.to)), { recursive: true })
  await writeFile(join(cwd, files.from), text)
  await writeFile(
    join(cwd, files.to),
    `${deck('Two')}${block('Basic', { Front: 'Gamma?', Back: 'g' })}`,
  )
  const server = await anki(cwd, 'anki.log', setup.port)
  const first = sync(cwd, server)
  expect(first.code, first.stderr).toBe(0)
  const a = await readFile(join(cwd, files.from), 'utf8')
  const b = await readFile(join(cwd, files.to), 'utf8')
  return { cwd, server, note, a, b, files }
}

/** Cut note `id`'s block out of `from` (its ID line lost) and paste it, `edit`ed, at the end of `to`. */
async function moveWithoutIdLine(
  vault: { cwd: string; a: string; b: string; files: Files },
  id: number,
  edit: (text: string) => string = (text) => text,
): Promise<number> {
  const { cwd, a, b, files } = vault
  const start = a.indexOf('START')
  const end = a.indexOf('END\n', start) + 4
  const moved = a.slice(start, end).replace(`<!--ID: ${id}-->\n`, '')
  await writeFile(join(cwd, files.from), `${a.slice(0, start)}${a.slice(end + 1)}`)
  await writeFile(join(cwd, files.to), `${b}\n${edit(moved)}`)
  // The line of its START in `to`.
  return `${b}\n`.split('\n').length
}

const placed = (run: ReturnType<typeof sync>) =>
  run.json?.diagnostics.map((d) => [d.code, d.file, d.line])

describe.skipIf(ankiUnavailable !== undefined)(
  `sync and a plugin's note of a stock type moved without its ID line${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it.each([
      ['Basic', basic],
      ['Basic (and reversed card)', reversed],
      ['Cloze', cloze],
      ['Cloze, Anki having Cloze (decklab),', clozeNow],
    ])(
      'holds note N of %s moved unedited to a file of another deck, and does not add it again',
      async (_, plugin) => {
        const vault = await pluginVault(plugin)
        const { cwd, server, note } = vault
        const line = await moveWithoutIdLine(vault, note)
        const before = (await allNotes(server)).sort()
        const hint = `Put \`<!--ID: ${note}-->\` back`

        const dry = sync(cwd, server, '--dry-run', '--json')
        expect(dry.code, dry.stderr).toBe(1)
        expect(dry.json).toMatchObject({ added: [], deleted: [] })
        expect(placed(dry)).toEqual([
          ['anki-rejected', 'b.md', line],
          ['delete-held', 'b.md', line],
        ])
        const dryText = sync(cwd, server, '--dry-run')
        expect(dryText.stdout + dryText.stderr).toContain(
          `It has the fields of note ${note}, synced from a.md`,
        )
        expect(dryText.stdout + dryText.stderr).toContain(hint)
        expect(dryText.stdout + dryText.stderr).not.toMatch(/delete {2}note/)

        const run = sync(cwd, server)
        expect(run.code).toBe(1)
        expect(run.stderr).toContain(`b.md:${line}`)
        expect(run.stderr).toContain(hint)
        expect(run.stdout + run.stderr).not.toContain(`deleted note ${note}`)
        expect(run.stderr).toContain('nothing in Anki was changed')
        expect((await allNotes(server)).sort()).toEqual(before)
        const json = sync(cwd, server, '--json')
        expect(json.json).toMatchObject({ added: [], deleted: [] })
        expect(placed(json)).toEqual(placed(dry))
        expect(await readFile(join(cwd, 'b.md'), 'utf8')).not.toContain(`<!--ID: ${note}-->`)

        // The line put back: N moves to b.md's deck, the same note, its review history kept.
        const b = await readFile(join(cwd, 'b.md'), 'utf8')
        await writeFile(join(cwd, 'b.md'), b.replace(/END\n$/, `<!--ID: ${note}-->\nEND\n`))
        const after = sync(cwd, server, '--json')
        expect(after.code, after.stderr).toBe(0)
        expect(after.json).toMatchObject({ added: [], deleted: [] })
        expect(after.json?.moved.map((entry) => [entry.id, entry.deck])).toEqual([[note, 'Two']])
        expect((await allNotes(server)).sort()).toEqual(before)
        await server.stop()
        // One review logged per card by study().
        expect(reviews(server.collection, note)).toBe(plugin.cards)
      },
    )

    it('holds it on a terminal without asking about it', async () => {
      if (terminalUnavailable !== undefined) return
      const vault = await pluginVault(basic)
      const { cwd, server, note } = vault
      await moveWithoutIdLine(vault, note)
      const run = runDecklabOnTerminal(['sync', '--url', server.url], {
        cwd,
        env: { DECKLAB_STATE_DIR: join(cwd, 'state') },
        input: 'y\n',
      })
      expect(run.status, run.output).toBe(1)
      expect(run.output).not.toContain('[y/N]')
      expect(run.output).toContain('delete-held')
      expect(await allNotes(server)).toContain(note)
    }, 120_000)

    // As for any note: an edited copy is another note; N goes, the copy comes in as new.
    it('adds an edited copy as a new note and deletes N, as before', async () => {
      const vault = await pluginVault(basic)
      const { cwd, server, note } = vault
      await moveWithoutIdLine(vault, note, (text) => text.replace('alpha', 'alpha, edited'))
      const dry = sync(cwd, server, '--dry-run', '--json')
      expect(dry.code, dry.stderr).toBe(0)
      expect(dry.json?.diagnostics).toEqual([])
      expect(dry.json?.added.map((entry) => entry.file)).toEqual(['b.md'])
      expect(dry.json?.deleted).toEqual([{ id: note, file: 'a.md', reason: 'removed' }])
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.diagnostics).toEqual([])
      expect(run.json?.added.map((entry) => entry.file)).toEqual(['b.md'])
      expect(run.json?.deleted).toEqual(dry.json?.deleted)
      const notes = await allNotes(server)
      expect(notes).not.toContain(note)
      expect(notes).toContain(run.json?.added[0]?.id)
      expect(ids(await readFile(join(cwd, 'b.md'), 'utf8'))).toContain(run.json?.added[0]?.id)
    })
  },
)

/**
 * The persona syncs `notes/bio` alone, and sometimes the whole vault. A
 * partial sync reads only the IDs of the rest of the vault: N's block moved
 * into `notes/bio` from a file it does not read, without its ID line, went
 * in as a new `Basic (decklab)` note (matched by Anki's duplicate key, it
 * was not N), and the next sync of the whole vault deleted N as removed,
 * with its review history. Now it is matched as the whole vault's sync
 * matches it, by its fields as Anki would have them and N's note type.
 */
describe.skipIf(ankiUnavailable !== undefined)(
  `a partial sync and a plugin's note of a stock type moved without its ID line${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    const intoBio: Files = { from: 'notes/chem/f5.md', to: 'notes/bio/f0.md' }
    const outOfBio: Files = { from: 'notes/bio/f0.md', to: 'notes/chem/f5.md' }

    it.each([
      ['Basic', basic],
      ['Cloze, Anki having Cloze (decklab),', clozeNow],
      ['Cloze', cloze],
    ])(
      'does not add note N of %s moved into its folder from a file it does not read, nor does the whole vault then delete N',
      async (_, plugin) => {
        const vault = await pluginVault(plugin, intoBio)
        const { cwd, server, note } = vault
        const line = await moveWithoutIdLine(vault, note)
        const before = (await allNotes(server)).sort()
        const refused = [['anki-rejected', 'notes/bio/f0.md', line]]
        const hint = `It has the fields of note ${note}, synced from notes/chem/f5.md and gone from there: moved here without its ID line? Put \`<!--ID: ${note}-->\` back`

        const dry = sync(cwd, server, 'notes/bio', '--dry-run', '--json')
        expect(dry.code, dry.stderr).toBe(1)
        expect(dry.json).toMatchObject({ added: [], deleted: [] })
        expect(placed(dry)).toEqual(refused)
        const dryText = sync(cwd, server, 'notes/bio', '--dry-run')
        expect(dryText.stdout + dryText.stderr).toContain(hint)
        expect(dryText.stdout + dryText.stderr).not.toMatch(/^ {2}add /m)
        const run = sync(cwd, server, 'notes/bio', '--json')
        expect(run.code, run.stderr).toBe(1)
        expect(run.json).toMatchObject({ added: [], deleted: [] })
        expect(placed(run)).toEqual(refused)
        expect((await allNotes(server)).sort()).toEqual(before)

        // The whole vault's sync now: N's block is gone from f5.md, and it holds N there.
        const whole = sync(cwd, server, '--json')
        expect(whole.code, whole.stderr).toBe(1)
        expect(whole.json).toMatchObject({ added: [], deleted: [] })
        expect(placed(whole)).toEqual([...refused, ['delete-held', 'notes/bio/f0.md', line]])
        expect((await allNotes(server)).sort()).toEqual(before)

        // The line put back: the partial sync moves N to bio's deck, the same note.
        const bio = await readFile(join(cwd, 'notes/bio/f0.md'), 'utf8')
        await writeFile(
          join(cwd, 'notes/bio/f0.md'),
          bio.replace(/END\n$/, `<!--ID: ${note}-->\nEND\n`),
        )
        const after = sync(cwd, server, 'notes/bio', '--json')
        expect(after.code, after.stderr).toBe(0)
        expect(after.json).toMatchObject({ added: [], deleted: [] })
        expect(after.json?.moved.map((entry) => [entry.id, entry.deck])).toEqual([[note, 'Two']])
        const wholeAfter = sync(cwd, server, '--json')
        expect(wholeAfter.code, wholeAfter.stderr).toBe(0)
        expect(wholeAfter.json).toMatchObject({ added: [], deleted: [], diagnostics: [] })
        expect((await allNotes(server)).sort()).toEqual(before)
        await server.stop()
        expect(reviews(server.collection, note)).toBe(plugin.cards)
      },
    )

    // As in a sync of the whole vault: an edited copy is another note.
    it('adds an edited copy moved into its folder, and the whole vault then deletes N, as before', async () => {
      const vault = await pluginVault(basic, intoBio)
      const { cwd, server, note } = vault
      await moveWithoutIdLine(vault, note, (text) => text.replace('alpha', 'alpha, edited'))
      const run = sync(cwd, server, 'notes/bio', '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.diagnostics).toEqual([])
      expect(run.json?.added.map((entry) => entry.file)).toEqual(['notes/bio/f0.md'])
      const whole = sync(cwd, server, '--json')
      expect(whole.code, whole.stderr).toBe(0)
      expect(whole.json?.deleted).toEqual([
        { id: note, file: 'notes/chem/f5.md', reason: 'removed' },
      ])
    })

    it.each([
      ['Basic', basic],
      ['Cloze, Anki having Cloze (decklab),', clozeNow],
      ['Cloze', cloze],
    ])(
      'holds the removal of note N of %s moved out of its folder into a file it does not read',
      async (_, plugin) => {
        const vault = await pluginVault(plugin, outOfBio)
        const { cwd, server, note } = vault
        const line = await moveWithoutIdLine(vault, note)
        const held = [['delete-held', 'notes/chem/f5.md', line]]
        const dry = sync(cwd, server, 'notes/bio', '--dry-run', '--json')
        expect(dry.code, dry.stderr).toBe(0)
        expect(dry.json).toMatchObject({ added: [], deleted: [] })
        expect(placed(dry)).toEqual(held)
        const run = sync(cwd, server, 'notes/bio', '--json')
        expect(run.code, run.stderr).toBe(0)
        expect(run.json).toMatchObject({ added: [], deleted: [] })
        expect(placed(run)).toEqual(held)
        const whole = sync(cwd, server, '--json')
        expect(whole.json).toMatchObject({ added: [], deleted: [] })
        expect(placed(whole)).toEqual([['anki-rejected', 'notes/chem/f5.md', line], ...held])
        expect(await allNotes(server)).toContain(note)
      },
    )
  },
)
