/**
 * What the recovery of an interrupted sync may delete (src/sync/recovery.ts):
 * only the notes this vault's sync added, in the files this run reads, whose
 * ID is in no note file and which were never studied; and those deletions
 * are counted, shown by a dry run and held by the mass-removal guard.
 * Against the real AnkiConnect; a note file whose write fails midway leaves
 * its new notes pending (Anki took them, their IDs could not be written).
 */
import { execFileSync } from 'node:child_process'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type AnkiServer, ankiUnavailable } from './anki-server.js'
import { anki, ids, sync, syncRefusingFile, workspace } from './sync-fixture.js'

const note = (front: string, back: string) => `START\nBasic\n${front}\nBack: ${back}\nEND\n`
const pendingQuery = { query: 'tag:decklab-sync-pending' }

const allNotes = (server: AnkiServer) =>
  server.call<number[]>('findNotes', { query: 'deck:*' }).then((found) => found.sort())

/** An Obsidian vault whose `y.md` refuses its IDs once: a first sync leaves its notes pending in Anki. */
async function vaultWithPending(
  yNotes: string[],
): Promise<{ cwd: string; server: AnkiServer; pending: number[] }> {
  const cwd = await workspace({
    '.obsidian/app.json': '{}',
    'x.md': note('X question', 'x'),
    'y.md': yNotes.join('\n'),
  })
  const server = await anki(cwd)
  const first = await syncRefusingFile(cwd, server, 'y.md', '--json')
  expect(first.code).toBe(1)
  expect(first.json?.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['write-failed'])
  expect(first.json?.pending).toBe(yNotes.length)
  const pending = (await server.call<number[]>('findNotes', pendingQuery)).sort()
  expect(pending).toHaveLength(yNotes.length)
  return { cwd, server, pending }
}

describe.skipIf(ankiUnavailable !== undefined)(
  `recovering an interrupted sync${ankiUnavailable ? ` (skipped: ${ankiUnavailable})` : ''}`,
  () => {
    it('a sync of one file leaves the pending notes of the files it did not read in Anki', async () => {
      const { cwd, server, pending } = await vaultWithPending([
        note('Y question one', 'y1'),
        note('Y question two', 'y2'),
      ])
      const before = await allNotes(server)
      await writeFile(join(cwd, 'x.md'), `${await readFile(join(cwd, 'x.md'), 'utf8')}edit\n`)

      const dry = sync(cwd, server, 'x.md', '--dry-run', '--json')
      expect(dry.code, dry.stderr).toBe(0)
      expect(dry.json?.deleted).toEqual([])
      const part = sync(cwd, server, 'x.md', '--json')
      expect(part.code, part.stderr).toBe(0)
      expect(part.json?.deleted).toEqual([])
      expect(await allNotes(server)).toEqual(before)
      expect((await server.call<number[]>('findNotes', pendingQuery)).sort()).toEqual(pending)

      // Left for a sync that reads y.md: it finds them, adding nothing and deleting nothing.
      const whole = sync(cwd, server, '--json')
      expect(whole.code, whole.stderr).toBe(0)
      expect(whole.json).toMatchObject({ added: [], deleted: [], recovered: 2 })
      expect(ids(await readFile(join(cwd, 'y.md'), 'utf8')).sort()).toEqual(pending)
      expect(await allNotes(server)).toEqual(before)
      expect(await server.call<number[]>('findNotes', pendingQuery)).toEqual([])
    })

    it('deletes a pending note its file no longer has, as a counted deletion a dry run shows', async () => {
      const { cwd, server, pending } = await vaultWithPending([
        note('Y question one', 'y1'),
        note('Y question two', 'y2'),
      ])
      const [one, two] = pending as [number, number]
      // The first note edited (its card is kept: same first field, same file), the second taken out.
      await writeFile(join(cwd, 'y.md'), note('Y question one', 'y1 edited'))

      const dry = sync(cwd, server, '--dry-run')
      expect(dry.code, dry.stderr).toBe(0)
      expect(dry.stderr).toContain(`delete  note ${two} (added by an interrupted sync`)
      expect(dry.stderr).toMatch(/would be 0 added, 1 updated, 0 moved, 1 deleted/)
      expect(await allNotes(server)).toContain(two)

      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.deleted).toEqual([{ id: two, reason: 'interrupted', file: 'y.md' }])
      expect(run.json?.added).toEqual([])
      expect(ids(await readFile(join(cwd, 'y.md'), 'utf8'))).toEqual([one])
      expect(await allNotes(server)).not.toContain(two)
      const [info] = await server.call<Array<{ fields: { Back: { value: string } } }>>(
        'notesInfo',
        { notes: [one] },
      )
      expect(info?.fields.Back.value).toContain('y1 edited')
      expect(await server.call<number[]>('findNotes', pendingQuery)).toEqual([])
      // Nothing is left for the next run.
      expect(sync(cwd, server, '--json').json).toMatchObject({ deleted: [], writes: 0 })
    })

    it('adds a pending note moved to another file and edited since, once its orphan is deleted', async () => {
      const { cwd, server, pending } = await vaultWithPending([note('Y question one', 'y1')])
      const [orphan] = pending as [number]
      // The file renamed and the note edited: not adopted (another file), so added again.
      await rm(join(cwd, 'y.md'))
      await writeFile(join(cwd, 'z.md'), note('Y question one', 'y1 edited'))
      const dry = sync(cwd, server, '--dry-run')
      expect(dry.stderr).toMatch(/would be 1 added, 0 updated, 0 moved, 1 deleted/)
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.deleted).toEqual([{ id: orphan, reason: 'interrupted', file: 'y.md' }])
      const [added] = ids(await readFile(join(cwd, 'z.md'), 'utf8'))
      expect(run.json?.added.map((entry) => entry.id)).toEqual([added])
      expect(await allNotes(server)).not.toContain(orphan)
      expect(await allNotes(server)).toContain(added)
      expect(sync(cwd, server, '--json').json).toMatchObject({ added: [], deleted: [], writes: 0 })
    })

    it('keeps a pending note whose ID is in a file, even one the sync did not read as a card', async () => {
      const { cwd, server, pending } = await vaultWithPending([note('Y question one', 'y1')])
      const [one] = pending as [number]
      // The note is gone from y.md, but its ID was written by hand into z.md, outside any block.
      await writeFile(join(cwd, 'y.md'), note('Something else', 'else'))
      await writeFile(join(cwd, 'z.md'), `Moved, see <!--ID: ${one}-->\n`)
      const run = sync(cwd, server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json?.deleted).toEqual([])
      expect(await allNotes(server)).toContain(one)
    })

    it('holds the deletion of most pending notes at once until --allow-mass-delete', async () => {
      const many = Array.from({ length: 12 }, (_, index) => note(`Y question ${index}`, 'y'))
      const { cwd, server, pending } = await vaultWithPending(many)
      await rm(join(cwd, 'y.md'), { force: true })
      const held = sync(cwd, server, '--json')
      expect(held.code).toBe(1)
      expect(held.json?.deleted).toEqual([])
      expect(held.json?.diagnostics.map((diagnostic) => diagnostic.code)).toEqual([
        'mass-delete-held',
      ])
      expect((await server.call<number[]>('findNotes', pendingQuery)).sort()).toEqual(pending)
      const dry = sync(cwd, server, '--json', '--dry-run', '--allow-mass-delete')
      expect(dry.json?.deleted.map((entry) => entry.id).sort()).toEqual(pending)
      const meant = sync(cwd, server, '--json', '--allow-mass-delete')
      expect(meant.code, meant.stderr).toBe(0)
      expect(meant.json?.deleted).toHaveLength(12)
      expect(await server.call<number[]>('findNotes', pendingQuery)).toEqual([])
    })

    it('never deletes the pending notes of another vault syncing into the same Anki', async () => {
      const a = await vaultWithPending([note('A question', 'a')])
      // Vault B: its own pending note, so its next sync recovers; it sees A's note pending too.
      const b = await workspace({
        '.obsidian/app.json': '{}',
        'b.md': note('B question', 'b'),
      })
      expect((await syncRefusingFile(b, a.server, 'b.md')).code).toBe(1)
      const run = sync(b, a.server, '--json')
      expect(run.code, run.stderr).toBe(0)
      expect(run.json).toMatchObject({ deleted: [], recovered: 1 })
      expect(await a.server.call<number[]>('findNotes', pendingQuery)).toEqual(a.pending)
    })

    it('keeps a pending note that was studied, with a warning, when its note is gone', async () => {
      const { cwd, server, pending } = await vaultWithPending([note('Y question one', 'y1')])
      const [one] = pending as [number]
      // Study it: its card leaves the new queue (done in the collection, Anki stopped).
      await server.stop()
      execFileSync('/usr/bin/python3', [
        '-c',
        'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("update cards set type=2, queue=2, ivl=3, reps=1 where nid=?", (int(sys.argv[2]),)); c.commit()',
        server.collection,
        String(one),
      ])
      const restarted = await anki(cwd, 'anki-2.log', server.port)
      await writeFile(join(cwd, 'y.md'), note('Another question', 'other'))
      const run = sync(cwd, restarted, '--json')
      expect(run.json?.deleted).toEqual([])
      expect(run.json?.diagnostics).toEqual([
        expect.objectContaining({ code: 'pending-studied', file: 'y.md', severity: 'warning' }),
      ])
      expect(await allNotes(restarted)).toContain(one)
    })
  },
)
