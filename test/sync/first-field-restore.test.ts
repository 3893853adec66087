/**
 * A synced note whose `<!--ID: N-->` line was lost while its text changed
 * (a synced-folder conflict copy, an editor saving over the file after
 * decklab wrote the ID): when it is the only note of its file without an ID
 * with the gone note's type and first field, sync gives it back ID N and
 * updates that note in place, so its cards and review history stay. Any
 * other case (two such notes, the first field changed too, another file,
 * another type) is added and the old note deleted, as before.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type AnkiServer, ankiUnavailable } from './anki-server.js'
import { anki, ids, reviews, study, sync, workspace } from './sync-fixture.js'

const block = (front: string, back: string, type = 'Basic') =>
  `START\n${type}\n${front}\nBack: ${back}\nEND\n`

async function cardsOf(server: AnkiServer, id: number) {
  const cards = await server.call<number[]>('findCards', { query: `nid:${id}` })
  return server.call<
    Array<{ cardId: number; interval: number; fields: Record<string, { value: string }> }>
  >('cardsInfo', { cards })
}

/** A vault with `a.md` synced; `a.md`'s text and the ID of its first note (Alpha?). */
async function syncedVault(files: Record<string, string>) {
  const cwd = await workspace(files)
  const server = await anki(cwd)
  const first = sync(cwd, server)
  expect(first.code, first.stderr).toBe(0)
  const text = await readFile(join(cwd, 'a.md'), 'utf8')
  const [alpha] = ids(text) as [number]
  return { cwd, server, text, alpha }
}

/** The text with the ID line of note `id` taken out. */
const withoutId = (text: string, id: number) => text.replace(`<!--ID: ${id}-->\n`, '')

describe.skipIf(ankiUnavailable !== undefined)(
  `sync restores a lost ID by first field${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it('updates the note in place, keeps its cards and reviews, and writes its ID back', async () => {
      const files = {
        '.obsidian/app.json': '{}',
        'a.md': `${block('Alpha?', 'alpha')}\n${block('Beta?', 'beta')}`,
      }
      const vault = await syncedVault(files)
      const { cwd, alpha } = vault
      // Studied: its card is a review card with one review logged.
      await vault.server.stop()
      study(vault.server.collection, alpha)
      const server = await anki(cwd, 'anki-2.log', vault.server.port)
      const before = await cardsOf(server, alpha)
      expect(before.map((card) => card.interval)).toEqual([3])
      // The ID line is lost and the answer edited at once.
      const edited = withoutId(vault.text, alpha).replace('alpha', 'alpha, edited')
      await writeFile(join(cwd, 'a.md'), edited)
      const plan = sync(cwd, server, '--dry-run', '--json')
      expect(plan.code, plan.stderr).toBe(0)
      expect(plan.json).toMatchObject({ added: [], deleted: [] })
      expect(plan.json?.updated).toEqual([
        { file: 'a.md', line: 1, id: alpha, fields: ['Back'], addTags: [], removeTags: [] },
      ])
      const warning = expect.objectContaining({ code: 'id-restored', file: 'a.md', line: 1 })
      expect(plan.json?.diagnostics).toEqual([warning])
      expect(plan.stderr).toContain('same first field in the same file')
      expect(await readFile(join(cwd, 'a.md'), 'utf8')).toBe(edited)
      // The sync does what the dry run showed.
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json).toMatchObject({ added: [], deleted: [] })
      expect(run.json?.updated).toEqual(plan.json?.updated)
      expect(run.json?.diagnostics).toEqual([warning])
      expect(ids(await readFile(join(cwd, 'a.md'), 'utf8'))).toEqual(ids(vault.text))
      const after = await cardsOf(server, alpha)
      expect(after.map((card) => [card.cardId, card.interval])).toEqual(
        before.map((card) => [card.cardId, 3]),
      )
      expect(after[0]?.fields.Back?.value).toContain('alpha, edited')
      // Settled: the next sync has nothing to do and nothing to say.
      const again = sync(cwd, server, '--json')
      expect(again.json).toMatchObject({ added: [], updated: [], deleted: [], diagnostics: [] })
      await server.stop()
      expect(reviews(server.collection, alpha)).toBe(1)
    })

    // A note the Obsidian_to_Anki plugin added is of the stock `Basic`, while sync adds new notes
    // as `Basic (decklab)`: Anki's duplicate check (same type and first field) let the re-add
    // through, and the delete took the studied note with its history. (Of one type, Anki refused
    // the re-add as a duplicate, and the sync stopped there, exit 1, until the user acted.)
    it('keeps a studied note of the stock type (synced by the plugin first) in place', async () => {
      const cwd = await workspace({ '.obsidian/app.json': '{}' })
      const setup = await anki(cwd, 'setup.log')
      const alpha = await setup.call<number>('addNote', {
        note: {
          deckName: 'Default',
          modelName: 'Basic',
          fields: { Front: 'Alpha?', Back: 'alpha' },
          tags: [],
        },
      })
      await setup.stop()
      study(setup.collection, alpha)
      const text = `${block('Alpha?', 'alpha').replace('END', `<!--ID: ${alpha}-->\nEND`)}\n${block('Beta?', 'beta')}`
      await writeFile(join(cwd, 'a.md'), text)
      const server = await anki(cwd, 'anki-2.log', setup.port)
      const first = sync(cwd, server, '--json')
      expect(first.code, first.stderr).toBe(0)
      const before = await cardsOf(server, alpha)
      const synced = await readFile(join(cwd, 'a.md'), 'utf8')
      const added = await server.call<Array<{ modelName: string }>>('notesInfo', {
        notes: ids(synced).filter((id) => id !== alpha),
      })
      expect(added.map((info) => info.modelName)).toEqual(['Basic (decklab)'])
      await writeFile(join(cwd, 'a.md'), withoutId(synced, alpha).replace('alpha', 'alpha, edited'))
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json).toMatchObject({ added: [], deleted: [] })
      expect(run.json?.updated).toEqual([
        { file: 'a.md', line: 1, id: alpha, fields: ['Back'], addTags: [], removeTags: [] },
      ])
      expect(ids(await readFile(join(cwd, 'a.md'), 'utf8'))).toEqual(ids(synced))
      const after = await cardsOf(server, alpha)
      expect(after.map((card) => [card.cardId, card.interval])).toEqual(
        before.map((card) => [card.cardId, 3]),
      )
      const [info] = await server.call<Array<{ modelName: string }>>('notesInfo', {
        notes: [alpha],
      })
      expect(info?.modelName).toBe('Basic')
      await server.stop()
      expect(reviews(server.collection, alpha)).toBe(1)
    })

    // Neither is note N for sure, and while N has their first field Anki refuses
    // both: its removal waits beside them (as for any refusal in N's file), so
    // its review history is not deleted. The dry run says what the sync does.
    it('refuses both and holds the old note when two notes without an ID share its first field', async () => {
      const vault = await syncedVault({
        '.obsidian/app.json': '{}',
        'a.md': `${block('Alpha?', 'alpha')}\n${block('Beta?', 'beta')}`,
      })
      const { cwd, server, alpha } = vault
      const edited = withoutId(vault.text, alpha).replace('alpha', 'alpha, edited')
      await writeFile(join(cwd, 'a.md'), `${edited}\n${block('Alpha?', 'alpha, copied')}`)
      const outcome = (run: ReturnType<typeof sync>) => ({
        code: run.code,
        added: run.json?.added,
        deleted: run.json?.deleted,
        codes: run.json?.diagnostics.map((diagnostic) => diagnostic.code).sort(),
      })
      const plan = outcome(sync(cwd, server, '--dry-run', '--json'))
      expect(plan).toEqual({
        code: 1,
        added: [],
        deleted: [],
        codes: ['anki-rejected', 'anki-rejected', 'delete-held'],
      })
      expect(outcome(sync(cwd, server, '--json'))).toEqual(plan)
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toContain(alpha)
    })

    it.each([
      [
        'its first field changed too',
        (text: string, id: number) =>
          withoutId(text, id).replace('Alpha?', 'Alpha, edited?').replace('alpha', 'alpha, too'),
      ],
      [
        'its note type changed',
        (text: string, id: number) =>
          withoutId(text, id)
            .replace('Basic\nAlpha?', 'Basic (and reversed card)\nAlpha?')
            .replace('alpha', 'alpha, edited'),
      ],
    ])('adds it and deletes the old note, as before, when %s', async (_, edit) => {
      const vault = await syncedVault({
        '.obsidian/app.json': '{}',
        'a.md': `${block('Alpha?', 'alpha')}\n${block('Beta?', 'beta')}`,
      })
      const { cwd, server, alpha } = vault
      await writeFile(join(cwd, 'a.md'), edit(vault.text, alpha))
      const plan = sync(cwd, server, '--dry-run', '--json')
      expect(plan.json?.diagnostics.map((diagnostic) => diagnostic.code)).not.toContain(
        'id-restored',
      )
      expect(plan.json?.added.length).toBeGreaterThan(0)
      expect(plan.json?.deleted).toEqual([{ id: alpha, file: 'a.md', reason: 'removed' }])
    })

    it('adds it and deletes the old note, as before, when the old block is marked DELETE', async () => {
      const vault = await syncedVault({
        '.obsidian/app.json': '{}',
        'a.md': `${block('Alpha?', 'alpha')}\n${block('Beta?', 'beta')}`,
      })
      const { cwd, server, alpha } = vault
      const marked = vault.text.replace(`<!--ID: ${alpha}-->`, `DELETE\n<!--ID: ${alpha}-->`)
      await writeFile(join(cwd, 'a.md'), `${marked}\n${block('Alpha?', 'alpha, rewritten')}`)
      const plan = sync(cwd, server, '--dry-run', '--json')
      expect(plan.json?.diagnostics).toEqual([])
      expect(plan.json?.added.map((entry) => entry.file)).toEqual(['a.md'])
      expect(plan.json?.deleted).toEqual([{ id: alpha, file: 'a.md', reason: 'delete-marker' }])
      // The marked note goes first: while it has the front, Anki refuses the new one.
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.added.map((entry) => entry.file)).toEqual(['a.md'])
      expect(run.json?.deleted).toEqual(plan.json?.deleted)
    })

    it('adds it and deletes the old note, as before, when it moved to another file', async () => {
      const vault = await syncedVault({
        '.obsidian/app.json': '{}',
        'a.md': `${block('Alpha?', 'alpha')}\n${block('Beta?', 'beta')}`,
      })
      const { cwd, server, alpha } = vault
      await writeFile(join(cwd, 'a.md'), vault.text.slice(vault.text.indexOf('END\n\n') + 5))
      await writeFile(join(cwd, 'b.md'), block('Alpha?', 'alpha, edited'))
      const plan = sync(cwd, server, '--dry-run', '--json')
      expect(plan.json?.diagnostics).toEqual([])
      expect(plan.json?.added.map((entry) => entry.file)).toEqual(['b.md'])
      expect(plan.json?.deleted).toEqual([{ id: alpha, file: 'a.md', reason: 'removed' }])
      // The removed note goes first: while it has the front, Anki refuses the new one.
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.added.map((entry) => entry.file)).toEqual(['b.md'])
      expect(run.json?.deleted).toEqual(plan.json?.deleted)
      const notes = await server.call<number[]>('findNotes', { query: 'deck:*' })
      expect(notes).not.toContain(alpha)
      expect(notes).toContain(run.json?.added[0]?.id)
    })

    // Moved unedited, without its ID line, into a file of the same deck, the note was refused
    // and its old ID's removal held; into a file of another deck (its content hash has the
    // deck) it was "another note": the old note was deleted with its cards and review history
    // and the block added as a new note, without a word of the ID that would have kept it.
    it('holds the old note, naming its ID, when it moved unedited to a file of another deck', async () => {
      const vault = await syncedVault({
        '.obsidian/app.json': '{}',
        'a.md': `---\ndeck: One\n---\n${block('Alpha?', 'alpha')}\n${block('Beta?', 'beta')}`,
      })
      const { cwd, server, alpha } = vault
      const rest = vault.text.slice(vault.text.indexOf('END\n\n') + 5)
      await writeFile(join(cwd, 'a.md'), `---\ndeck: One\n---\n${rest}`)
      await writeFile(join(cwd, 'b.md'), `---\ndeck: Two\n---\n${block('Alpha?', 'alpha')}`)
      const plan = sync(cwd, server, '--dry-run', '--json')
      expect(plan.json?.deleted).toEqual([])
      expect(plan.json?.diagnostics.map((d) => [d.code, d.file])).toEqual([
        ['anki-rejected', 'b.md'],
        ['delete-held', 'b.md'],
      ])
      const run = sync(cwd, server)
      expect(run.code).toBe(1)
      expect(run.stderr).toContain(
        `hint: It has the fields of note ${alpha}, synced from a.md and gone from there: moved here without its ID line? Put \`<!--ID: ${alpha}-->\` back`,
      )
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toContain(alpha)
      // The line put back: the note is moved to its new deck, the same note.
      await writeFile(
        join(cwd, 'b.md'),
        `---\ndeck: Two\n---\n${block('Alpha?', 'alpha').replace('END', `<!--ID: ${alpha}-->\nEND`)}`,
      )
      const after = sync(cwd, server, '--json')
      expect(after.code, after.stderr).toBe(0)
      expect(after.json).toMatchObject({ added: [], deleted: [] })
      expect(after.json?.moved.map((entry) => [entry.id, entry.deck])).toEqual([[alpha, 'Two']])
    })
    // A partial sync (`decklab sync sub`) gave a note that lost its ID line the ID the record
    // knew it by, by its content or by its first field, while a file of the rest of the vault
    // held that ID (the block copied there with its ID): the ID was then written in both files,
    // and the next sync of the vault stopped on the duplicate-id error. As a sync of the whole
    // vault (and a partial build) does, the ID stays with the copy that holds it.
    it('does not give back an ID a file of the rest of the vault holds, in a partial sync', async () => {
      const cwd = await workspace({
        '.obsidian/': '',
        'sub/a.md': block('What is a socket?', 'an endpoint'),
        'sub/b.md': block('What is a pipe?', 'a channel'),
      })
      const server = await anki(cwd)
      expect(sync(cwd, server).code).toBe(0)
      const a = await readFile(join(cwd, 'sub/a.md'), 'utf8')
      const b = await readFile(join(cwd, 'sub/b.md'), 'utf8')
      await writeFile(join(cwd, 'other.md'), `${a}\n${b}`)
      // a.md lost its ID line; b.md lost it while its back was edited.
      await writeFile(join(cwd, 'sub/a.md'), block('What is a socket?', 'an endpoint'))
      await writeFile(join(cwd, 'sub/b.md'), block('What is a pipe?', 'a one-way channel'))
      const partial = sync(cwd, server, 'sub', '--json')
      expect(partial.json?.diagnostics.map((d) => d.code)).toEqual([
        'anki-rejected',
        'anki-rejected',
      ])
      expect(await readFile(join(cwd, 'sub/a.md'), 'utf8')).not.toContain('<!--ID:')
      expect(await readFile(join(cwd, 'sub/b.md'), 'utf8')).not.toContain('<!--ID:')
      const whole = sync(cwd, server, '--json')
      expect(whole.json?.diagnostics.map((d) => d.code)).toEqual(['anki-rejected', 'anki-rejected'])
    })

    // A sync of some paths reads no removal from the rest of the vault: the note moved into
    // them from a file it does not read was refused with the generic hint ("Fix the note (a
    // duplicate first field is the usual cause)…"), not the ID line that would keep it.
    it('names the old note in a partial sync, when it moved from a file that sync does not read', async () => {
      const vault = await syncedVault({
        '.obsidian/app.json': '{}',
        'a.md': `${block('Alpha?', 'alpha')}\n${block('Beta?', 'beta')}`,
        'sub/b.md': `---\ndeck: Two\n---\n${block('Gamma?', 'gamma')}`,
      })
      const { cwd, server, alpha } = vault
      const gamma = await readFile(join(cwd, 'sub/b.md'), 'utf8')
      await writeFile(join(cwd, 'a.md'), vault.text.slice(vault.text.indexOf('END\n\n') + 5))
      await writeFile(join(cwd, 'sub/b.md'), `${gamma}\n${block('Alpha?', 'alpha')}`)
      const hint = `It has the fields of note ${alpha}, synced from a.md and gone from there: moved here without its ID line? Put \`<!--ID: ${alpha}-->\` back`
      const plan = sync(cwd, server, 'sub', '--dry-run', '--json')
      expect(plan.json?.diagnostics.map((d) => [d.code, d.file])).toEqual([
        ['anki-rejected', 'sub/b.md'],
      ])
      expect(plan.stdout).toContain(hint)
      const run = sync(cwd, server, 'sub')
      expect(run.code).toBe(1)
      expect(run.stderr).toContain(`hint: ${hint}`)
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toContain(alpha)
      // The line put back: the partial sync moves the note to the file's deck, the same note.
      await writeFile(
        join(cwd, 'sub/b.md'),
        `${gamma}\n${block('Alpha?', 'alpha').replace('END', `<!--ID: ${alpha}-->\nEND`)}`,
      )
      const after = sync(cwd, server, 'sub', '--json')
      expect(after.code, after.stderr).toBe(0)
      expect(after.json).toMatchObject({ added: [], deleted: [] })
      expect(after.json?.moved.map((entry) => [entry.id, entry.deck])).toEqual([[alpha, 'Two']])
    })
  },
)
