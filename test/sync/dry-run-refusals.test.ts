/**
 * A dry run says which new notes Anki would refuse, as the sync then does:
 * a note whose first field a note of the same type has (in Anki already, or
 * added first by the same sync) is refused at the note, not listed as added.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ankiUnavailable, loggedActions, readOnlyActions } from './anki-server.js'
import { anki, ids, type SyncJson, sync, workspace } from './sync-fixture.js'

const note = (front: string, back: string) => `START\nBasic\n${front}\nBack: ${back}\nEND\n`

/** The actions in Anki's log that change the collection. */
function writesIn(log: string): string[] {
  return loggedActions(log).filter((action) => !readOnlyActions.has(action))
}

/**
 * What a run added and refused, each note by its file, front and back (a sync's
 * IDs move the lines below them): a dry run's and a sync's are compared.
 */
async function outcome(cwd: string, json: SyncJson | undefined) {
  const place = async (place: { file: string; line: number }) => {
    const lines = (await readFile(join(cwd, place.file), 'utf8')).split('\n')
    return `${place.file} ${lines[place.line + 1]} ${lines[place.line + 2]}`
  }
  const refused = (json?.diagnostics ?? []).filter((d) => d.code === 'anki-rejected')
  return {
    added: (await Promise.all((json?.added ?? []).map(place))).sort(),
    refused: (await Promise.all(refused.map(place))).sort(),
  }
}

describe.skipIf(ankiUnavailable !== undefined)(
  `sync --dry-run and the notes Anki would refuse${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it('refuses, as the sync does, a new note whose first field Anki has or the sync adds first', async () => {
      const cwd = await workspace({ 'notes/a.md': note('Alpha?', 'alpha') })
      const server = await anki(cwd)
      expect(sync(cwd, server).code).toBe(0)
      await writeFile(
        join(cwd, 'notes/b.md'),
        `${note('Alpha?', 'a copy')}\n${note('Beta?', 'beta')}`,
      )
      await writeFile(
        join(cwd, 'notes/c.md'),
        `${note('Beta?', 'beta again')}\n${note('Gamma?', 'g')}`,
      )
      const writesBefore = writesIn(join(cwd, 'anki.log'))
      const dry = sync(cwd, server, '--dry-run', '--json')
      expect(dry.code, dry.stderr).toBe(1)
      const predicted = await outcome(cwd, dry.json)
      expect(predicted).toEqual({
        added: ['notes/b.md Beta? Back: beta', 'notes/c.md Gamma? Back: g'],
        refused: ['notes/b.md Alpha? Back: a copy', 'notes/c.md Beta? Back: beta again'],
      })
      expect(dry.stderr).toContain(
        'Unexpected duplicate, which Anki would refuse: the new note at notes/b.md:7, added first, has this note type and first field',
      )
      expect(dry.stderr).not.toContain('Unexpected refusal from Anki')
      // The dry run asked Anki (canAddNotes among it) and changed nothing.
      expect(writesIn(join(cwd, 'anki.log'))).toEqual(writesBefore)
      const real = sync(cwd, server, '--json')
      expect(real.code, real.stderr).toBe(1)
      expect(await outcome(cwd, real.json)).toEqual(predicted)
      // The sync's own refusals are Anki's, and say so; each hint says where the other note is.
      expect(real.stderr).toContain('Unexpected refusal from Anki')
      expect(real.stderr).toContain(
        "hint: Anki has a note of this type with this first field: change this note's first field, or that note in Anki (the Browse window finds it by its first field)",
      )
      expect(real.stderr).toMatch(
        /hint: Note \d+, added just before from notes\/b\.md, has this note type and first field/,
      )
    })

    it('refuses the second of two new notes alike, for a note type Anki does not have yet', async () => {
      const cwd = await workspace({
        'notes/a.md': `${note('Delta?', 'one')}\n${note('Delta?', 'two')}\n${note('Epsilon?', 'e')}`,
      })
      const server = await anki(cwd)
      const dry = sync(cwd, server, '--dry-run', '--json')
      expect(dry.code, dry.stderr).toBe(1)
      const predicted = await outcome(cwd, dry.json)
      expect(predicted).toEqual({
        added: ['notes/a.md Delta? Back: one', 'notes/a.md Epsilon? Back: e'],
        refused: ['notes/a.md Delta? Back: two'],
      })
      expect(dry.stderr).toContain(
        'the new note at notes/a.md:1, added first, has this note type and first field',
      )
      expect(await server.call<number[]>('findNotes', { query: 'deck:*' })).toEqual([])
      const real = sync(cwd, server, '--json')
      expect(real.code, real.stderr).toBe(1)
      expect(await outcome(cwd, real.json)).toEqual(predicted)
    })

    it("foresees the stock type a new note gets where Anki will not create decklab's, and its refusals there", async () => {
      // This AnkiConnect (2019) takes no `isCloze`: `Cloze (decklab)` is refused, and the
      // sync adds cloze notes as the stock `Cloze`, where Anki has one of them already.
      const cloze = (text: string, extra = '') => `START\nCloze\nText: ${text}\n${extra}END\n`
      const cwd = await workspace({
        'notes/a.md': `${cloze('The {{c1::capital}} of Spain')}\n${cloze('The {{c1::capital}} of Italy', 'Lab: stream-echo\n')}`,
      })
      const server = await anki(cwd)
      await server.call('addNote', {
        note: {
          deckName: 'Default',
          modelName: 'Cloze',
          fields: { Text: 'The {{c1::capital}} of Spain', Extra: '' },
          tags: [],
        },
      })
      const typesBefore = await server.call<string[]>('modelNames')
      const dry = sync(cwd, server, '--dry-run', '--json')
      expect(dry.code, dry.stderr).toBe(1)
      const predicted = await outcome(cwd, dry.json)
      expect(predicted).toEqual({
        added: ['notes/a.md Text: The {{c1::capital}} of Italy Lab: stream-echo'],
        refused: ['notes/a.md Text: The {{c1::capital}} of Spain END'],
      })
      expect(dry.json?.createdNoteTypes).toEqual([])
      expect(dry.json?.writes).toBe(0)
      expect(await server.call<string[]>('modelNames')).toEqual(typesBefore)
      const codes = (json: SyncJson | undefined) => json?.diagnostics.map((d) => d.code).sort()
      expect(codes(dry.json)).toEqual([
        'anki-rejected',
        'lab-field-missing',
        'note-type-not-created',
      ])
      const real = sync(cwd, server, '--json')
      expect(real.code, real.stderr).toBe(1)
      expect(await outcome(cwd, real.json)).toEqual(predicted)
      expect(real.json?.createdNoteTypes).toEqual(dry.json?.createdNoteTypes)
      expect(codes(real.json)).toEqual(codes(dry.json))
    })

    // The sync sends its batches of 250 in parallel, and AnkiConnect ran whichever it read
    // first: the short last batch, so it kept the later of two notes alike and refused the
    // first, where the dry run said the later is refused.
    it('refuses the later of two new notes alike in different batches, as the dry run says', async () => {
      const fronts = Array.from({ length: 251 }, (_, n) => (n % 250 === 0 ? 'Same?' : `Q${n}?`))
      const cwd = await workspace({
        'notes/a.md': fronts
          .map((front, n) => note(front, `${n} ${'lorem '.repeat(40)}`))
          .join('\n'),
      })
      const server = await anki(cwd)
      const dry = sync(cwd, server, '--dry-run', '--json')
      expect(dry.code, dry.stderr).toBe(1)
      const predicted = await outcome(cwd, dry.json)
      expect(predicted.refused).toEqual([`notes/a.md Same? Back: 250 ${'lorem '.repeat(40)}`])
      expect(predicted.added).toHaveLength(250)
      const real = sync(cwd, server, '--json')
      expect(real.code, real.stderr).toBe(1)
      expect(await outcome(cwd, real.json)).toEqual(predicted)
      // Its hint names the note Anki kept.
      const [kept] = ids(await readFile(join(cwd, 'notes/a.md'), 'utf8'))
      expect(real.stderr).toContain(
        `hint: Note ${kept}, added just before from notes/a.md, has this note type and first field: change one of the two first fields and sync again`,
      )
    })
  },
)
