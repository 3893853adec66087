/**
 * A note edited in Anki since the last sync, then changed in the Markdown:
 * the sync makes Anki match the Markdown, as before, but keeps Anki's text
 * in a file beside the sync record first and warns at the note. A note no
 * sync recorded (a plugin vault's first sync) has its Anki text and tags kept
 * the same way, counted in the report rather than warned of one by one.
 */
import { existsSync } from 'node:fs'
import { mkdir, readFile, rmdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ankiUnavailable } from './anki-server.js'
import { anki, ids, sync, workspace } from './sync-fixture.js'

const note = (front: string, back: string) => `START\nBasic\n${front}\nBack: ${back}\nEND\n`

/** The Anki edits file of a sync run (`record` is in its JSON). */
function editsFile(run: ReturnType<typeof sync>): string {
  const record = (run.json as unknown as { record: string }).record
  return record.replace(/\.json$/, '.anki-edits.jsonl')
}

/** The `Back` field of note `id` as Anki has it. */
async function ankiBack(server: Awaited<ReturnType<typeof anki>>, id: number) {
  const [info] = await server.call<Array<{ fields: Record<string, { value: string }> }>>(
    'notesInfo',
    { notes: [id] },
  )
  return info?.fields.Back?.value
}

describe.skipIf(ankiUnavailable !== undefined)(
  `sync and notes edited in Anki${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it('keeps the Anki text it replaces, and says so at the note', async () => {
      const cwd = await workspace({
        'notes/a.md': `${note('Alpha?', 'alpha')}\n${note('Beta?', 'beta')}`,
      })
      const server = await anki(cwd)
      expect(sync(cwd, server).code).toBe(0)
      const text = await readFile(join(cwd, 'notes/a.md'), 'utf8')
      const [alpha, beta] = ids(text) as [number, number]
      await server.call('updateNoteFields', {
        note: { id: alpha, fields: { Back: 'alpha, as Anki has it' } },
      })
      // Beta changes in the Markdown only: replacing it loses nothing.
      await writeFile(
        join(cwd, 'notes/a.md'),
        text
          .replace('Back: alpha', 'Back: alpha, as the notes have it')
          .replace('Back: beta', 'Back: beta, too'),
      )
      const dry = sync(cwd, server, '--dry-run', '--json')
      expect(dry.code, dry.stderr).toBe(0)
      expect(dry.json?.diagnostics).toEqual([
        expect.objectContaining({ code: 'anki-edit-replaced', file: 'notes/a.md', line: 1 }),
      ])
      expect(existsSync(editsFile(dry))).toBe(false)
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.diagnostics).toEqual([
        expect.objectContaining({
          code: 'anki-edit-replaced',
          file: 'notes/a.md',
          line: 1,
          severity: 'warning',
        }),
      ])
      expect(run.json?.updated.map((entry) => entry.id).sort()).toEqual([alpha, beta].sort())
      const kept = (await readFile(editsFile(run), 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line))
      expect(kept).toEqual([
        expect.objectContaining({
          id: alpha,
          file: join(cwd, 'notes/a.md'),
          fields: expect.objectContaining({ Back: 'alpha, as Anki has it' }),
        }),
      ])
      const [info] = await server.call<Array<{ fields: Record<string, { value: string }> }>>(
        'notesInfo',
        {
          notes: [alpha],
        },
      )
      expect(info?.fields.Back?.value).toBe('alpha, as the notes have it')
      // Anki's copy is now as synced: the next change replaces nothing edited there.
      await writeFile(
        join(cwd, 'notes/a.md'),
        (await readFile(join(cwd, 'notes/a.md'), 'utf8')).replace(
          'as the notes have it',
          'once more',
        ),
      )
      const again = sync(cwd, server, '--json')
      expect(again.code, again.stderr).toBe(0)
      expect(again.json?.diagnostics).toEqual([])
      expect(again.json?.updated.map((entry) => entry.id)).toEqual([alpha])
    })

    it('keeps an Anki edit of a note whose Markdown moves it to another deck, its fields unchanged', async () => {
      const cwd = await workspace({
        'notes/a.md': `---\ndeck: One\n---\n${note('Alpha?', 'alpha')}`,
      })
      const server = await anki(cwd)
      expect(sync(cwd, server).code).toBe(0)
      const text = await readFile(join(cwd, 'notes/a.md'), 'utf8')
      const [alpha] = ids(text) as [number]
      await server.call('updateNoteFields', { note: { id: alpha, fields: { Back: 'from Anki' } } })
      await writeFile(join(cwd, 'notes/a.md'), text.replace('deck: One', 'deck: Two'))
      const back = () => ankiBack(server, alpha)
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.diagnostics).toEqual([])
      expect(await back()).toBe('from Anki')
      expect(await server.call<number[]>('findCards', { query: 'deck:Two' })).toHaveLength(1)
      expect(existsSync(editsFile(run))).toBe(false)
      // Once the Markdown's fields change, the edit is kept in the file and replaced, as before.
      await writeFile(
        join(cwd, 'notes/a.md'),
        (await readFile(join(cwd, 'notes/a.md'), 'utf8')).replace('Back: alpha', 'Back: new'),
      )
      const again = sync(cwd, server, '--json')
      expect(again.code, again.stderr).toBe(0)
      expect(again.json?.diagnostics.map((diagnostic) => diagnostic.code)).toEqual([
        'anki-edit-replaced',
      ])
      expect(await back()).toBe('new')
      expect(await readFile(editsFile(again), 'utf8')).toContain('from Anki')
    })

    it('replaces nothing when that text cannot be kept', async () => {
      const cwd = await workspace({ 'notes/a.md': note('Alpha?', 'alpha') })
      const server = await anki(cwd)
      const first = sync(cwd, server, '--json')
      expect(first.code, first.stderr).toBe(0)
      const text = await readFile(join(cwd, 'notes/a.md'), 'utf8')
      const [alpha] = ids(text) as [number]
      await server.call('updateNoteFields', { note: { id: alpha, fields: { Back: 'from Anki' } } })
      await writeFile(join(cwd, 'notes/a.md'), text.replace('Back: alpha', 'Back: from the notes'))
      // A folder where the file goes: it cannot be appended to, whoever runs the test.
      await mkdir(editsFile(first))
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(2)
      expect(JSON.parse(run.stdout).error).toMatchObject({ code: 'state-not-writable' })
      expect(run.stderr).toContain("none of Anki's text was replaced")
      const back = () => ankiBack(server, alpha)
      expect(await back()).toBe('from Anki')
      await rmdir(editsFile(first))
      const again = sync(cwd, server, '--json')
      expect(again.code, again.stderr).toBe(0)
      expect(again.json?.diagnostics.map((diagnostic) => diagnostic.code)).toEqual([
        'anki-edit-replaced',
      ])
      expect(await back()).toBe('from the notes')
      expect(await readFile(editsFile(first), 'utf8')).toContain('from Anki')
    })
    it('says a note synced by an older decklab, whose record kept no copy of its fields, is such a note', async () => {
      const cwd = await workspace()
      const server = await anki(cwd)
      await writeFile(join(cwd, 'a.md'), note('Alpha?', 'alpha'))
      const first = sync(cwd, server, '--json')
      expect(first.code, first.stderr).toBe(0)
      // A record as decklab kept it until 2026-12-03: no `fields` hash of a note.
      const recordPath = (first.json as unknown as { record: string }).record
      const record = JSON.parse(await readFile(recordPath, 'utf8'))
      for (const entry of Object.values(record.notes)) delete (entry as { fields?: string }).fields
      await writeFile(recordPath, JSON.stringify(record))
      const [id] = ids(await readFile(join(cwd, 'a.md'), 'utf8')) as [number]
      await writeFile(
        join(cwd, 'a.md'),
        `START\nBasic\nAlpha?\nBack: alpha, edited\n<!--ID: ${id}-->\nEND\n`,
      )
      const run = sync(cwd, server)
      expect(run.code, run.stderr).toBe(0)
      // Not "no earlier sync recorded (a first sync, or an interrupted one)": one did.
      expect(run.stderr).not.toMatch(/no earlier sync recorded/)
      expect(run.stderr).toMatch(
        /1 note in Anki whose fields no earlier sync kept a copy of \(a first sync, a sync by an older decklab, an interrupted one, one that left Anki's text as it was because the file was unchanged since Obsidian_to_Anki's last sync, or one stopped at a `note-type-mismatch`\) had its fields, tags or decks replaced by the Markdown's \(a\.md:1\); Anki's copy is kept in \S+\.anki-edits\.jsonl/,
      )
    })
    // A sync stopped at a `note-type-mismatch` forgets the note in its record (its fields in
    // Anki are not what it synced); once the block names Anki's type again, the next sync said
    // the copy was missing for "a first sync, a sync by an older decklab, or an interrupted one",
    // none of which had happened.
    it('names a sync stopped at a note-type-mismatch as why no copy was kept', async () => {
      const cwd = await workspace()
      const server = await anki(cwd)
      await writeFile(join(cwd, 'a.md'), note('Alpha?', 'alpha'))
      expect(sync(cwd, server).code).toBe(0)
      const [id] = ids(await readFile(join(cwd, 'a.md'), 'utf8')) as [number]
      const block = (type: string, back: string) =>
        `START\n${type}\nAlpha?\nBack: ${back}\n<!--ID: ${id}-->\nEND\n`
      await writeFile(join(cwd, 'a.md'), block('Basic (and reversed card)', 'alpha'))
      const stopped = sync(cwd, server)
      expect(stopped.code).toBe(1)
      expect(stopped.stderr).toContain('note-type-mismatch')
      await writeFile(join(cwd, 'a.md'), block('Basic', 'alpha, edited'))
      const run = sync(cwd, server)
      expect(run.code, run.stderr).toBe(0)
      expect(run.stderr).toMatch(
        /1 note in Anki whose fields no earlier sync kept a copy of \(a first sync, a sync by an older decklab, an interrupted one, one that left Anki's text as it was because the file was unchanged since Obsidian_to_Anki's last sync, or one stopped at a `note-type-mismatch`\) had its fields/,
      )
    })
    it('names the notes no sync recorded whose text it replaced, and how to have an edit made in Anki back', async () => {
      const cwd = await workspace()
      const server = await anki(cwd)
      const block = (front: string, back: string, id: number) =>
        `START\nBasic\n${front}\nBack: ${back}\n<!--ID: ${id}-->\nEND\n`
      // Six plugin notes whose typo was fixed in Anki, one left as the Markdown has it.
      const blocks: string[] = []
      for (let n = 0; n < 7; n += 1) {
        const back = n === 6 ? 'typo' : 'fixed in Anki'
        const id = await server.call<number>('addNote', {
          note: {
            deckName: 'Default',
            modelName: 'Basic',
            fields: { Front: `Q${n}?`, Back: back },
            tags: [],
          },
        })
        blocks.push(block(`Q${n}?`, 'typo', id))
      }
      await writeFile(join(cwd, 'a.md'), blocks.join('\n'))
      const places = 'a.md:1, a.md:8, a.md:15, a.md:22, a.md:29 and 1 more'
      const dry = sync(cwd, server, '--dry-run')
      expect(dry.code, dry.stderr).toBe(0)
      expect(dry.stderr).toContain(
        `would have their fields, tags or decks replaced by the Markdown's (${places}); a sync keeps Anki's copy in `,
      )
      expect(dry.stderr).toContain(
        "\n  to keep an edit made in Anki, put it in the note's block before you sync\n",
      )
      const run = sync(cwd, server)
      expect(run.code, run.stderr).toBe(0)
      expect(run.stderr).toMatch(
        new RegExp(
          `6 notes in Anki whose fields no earlier sync kept a copy of .* had their fields, tags or decks replaced by the Markdown's \\(${places}\\); Anki's copy is kept in \\S+\\.anki-edits\\.jsonl\\n {2}to keep an edit made in Anki, copy its text from that file into the note's block and sync again`,
        ),
      )
    })

    it("keeps Anki's text and tags of a note no sync recorded, as a plugin vault's first sync replaces them", async () => {
      const cwd = await workspace()
      const server = await anki(cwd)
      const added = (front: string, back: string, tags: string[]) =>
        server.call<number>('addNote', {
          note: {
            deckName: 'Default',
            modelName: 'Basic',
            fields: { Front: front, Back: back },
            tags,
          },
        })
      // As the plugin left them: one edited in Anki since, one as the Markdown has it.
      const edited = await added('Alpha?', 'alpha, edited in Anki', ['mine'])
      const same = await added('Beta?', 'beta', [])
      const cards = await server.call<number[]>('findCards', { query: `nid:${edited}` })
      await server.call('changeDeck', { cards, deck: 'Refiled' })
      const block = (front: string, back: string, id: number) =>
        `START\nBasic\n${front}\nBack: ${back}\n<!--ID: ${id}-->\nEND\n`
      await writeFile(
        join(cwd, 'a.md'),
        `${block('Alpha?', 'alpha', edited)}\n${block('Beta?', 'beta', same)}`,
      )
      const dry = sync(cwd, server, '--dry-run', '--json')
      expect(dry.code, dry.stderr).toBe(0)
      expect(dry.json?.diagnostics).toEqual([])
      expect(dry.json?.unrecordedKept).toEqual({ notes: 1, file: editsFile(dry), ids: [edited] })
      expect(existsSync(editsFile(dry))).toBe(false)
      const plain = sync(cwd, server, '--dry-run')
      expect(plain.stderr).toMatch(
        /1 note in Anki whose fields no earlier sync kept a copy of .* would have its fields, tags or decks replaced by the Markdown's \(a\.md:1\); a sync keeps Anki's copy in \S+\.anki-edits\.jsonl first\n {2}to keep an edit made in Anki, put it in the note's block before you sync\n/,
      )
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.diagnostics).toEqual([])
      expect(run.json?.updated.map((entry) => entry.id)).toEqual([edited])
      const kept = (await readFile(editsFile(run), 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line))
      expect(kept).toEqual([
        {
          id: edited,
          file: join(cwd, 'a.md'),
          because: 'unrecorded',
          fields: { Front: 'Alpha?', Back: 'alpha, edited in Anki' },
          removedTags: ['mine'],
          movedFromDecks: ['Refiled'],
          at: expect.any(String),
        },
      ])
      expect(await ankiBack(server, edited)).toBe('alpha')
      expect(await server.call<number[]>('findCards', { query: 'deck:Default' })).toHaveLength(2)
      // Recorded now: a second sync keeps nothing more.
      const again = sync(cwd, server, '--json')
      expect(again.code, again.stderr).toBe(0)
      expect(again.json?.unrecordedKept).toBeNull()
      expect((await readFile(editsFile(run), 'utf8')).trim().split('\n')).toHaveLength(1)
    })
  },
)
