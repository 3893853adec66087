/**
 * Records written before sync checked note types (`note-type-mismatch`) may
 * list as synced a note whose ID names an Anki note of another type: such a
 * sync updated only its tags and deck, and recorded it. An entry without
 * `typeChecked` is therefore not trusted as it stands: once the block is
 * still there, Anki's note type is checked against it (one read, no write);
 * once the block is gone, the note is not deleted, as it may be someone
 * else's.
 */
import { createReporter } from '../../diagnostics/reporter.js'
import type { DesiredNote, Triage } from '../../sync/plan.js'
import { noteTypeMismatch } from '../../sync/plan.js'
import type { SyncedNote } from '../../sync/sync-record.js'
import { count } from '../../text/count.js'
import { relativeTo } from '../../text/relative-path.js'
import { expectedModel, reportMismatch } from './note-type-mismatch.js'
import { readNotes } from './read-anki.js'
import type { SyncSession } from './sync-session.js'

/** Whether a record entry was written by a sync that checked the note's type in Anki. */
export function typeChecked(synced: SyncedNote | undefined): boolean {
  return synced?.typeChecked === true
}

/**
 * The notes unchanged by the record whose entry predates the type check:
 * Anki's copy is read (without its cards) and checked as `compareWithAnki`
 * does. Mismatched ones are reported, forgotten by the record and taken out
 * of `unchanged` (returned: the sync stops before writing); the others are
 * marked checked. Their fields and tags are not compared: the record says
 * Anki has them, and an edit made in Anki stays, as for any unchanged note.
 */
export async function checkRecordedTypes(
  session: SyncSession,
  plan: Triage,
): Promise<DesiredNote[]> {
  const { record } = session
  const unchecked = plan.unchanged.filter((entry) => !typeChecked(record.notes[String(entry.id)]))
  if (unchecked.length === 0) return []
  const ids = unchecked.map((entry) => entry.id as number)
  const byId = new Map(
    (await readNotes(session.anki, ids, { cards: false })).map((note) => [note.id, note]),
  )
  const mismatched: DesiredNote[] = []
  for (const entry of unchecked) {
    const key = String(entry.id)
    const note = byId.get(entry.id as number)
    const mismatch = note && noteTypeMismatch(entry, note, expectedModel(entry.note))
    if (mismatch) {
      reportMismatch(session, entry, entry.id as number, mismatch)
      delete record.notes[key]
      mismatched.push(entry)
    } else if (note) {
      ;(record.notes[key] as SyncedNote).typeChecked = true
    }
  }
  plan.unchanged = plan.unchanged.filter((entry) => !mismatched.includes(entry))
  return mismatched
}

/**
 * Removals of notes whose entry predates the type check are not made: the
 * block that is gone may have named another type's note by its ID, which no
 * sync of decklab added or checked. The record forgets them (they are not
 * deleted later either) and a warning gives the search that finds them.
 */
export function holdUnverifiedRemovals(session: SyncSession, plan: Triage): void {
  const { record } = session
  const held = plan.delete.filter(
    (entry) => entry.reason === 'removed' && !typeChecked(record.notes[String(entry.id)]),
  )
  const first = held[0]
  if (!first) return
  plan.delete = plan.delete.filter((entry) => !held.includes(entry))
  for (const entry of held) delete record.notes[String(entry.id)]
  const search = `nid:${held.map((entry) => entry.id).join(',')}`
  createReporter(relativeTo(session.options.cwd, first.file), session.diagnostics).warning(
    'delete-unverified',
    `Unexpected removal of ${count(held.length, 'note')} recorded by an older decklab, which did not check that the note in Anki was of the block's note type, expected notes this decklab synced: they were not deleted, and will not be (${search})`,
    {
      hint: `If they are the notes of the removed blocks, delete them in Anki (Browse, search \`${search}\`).`,
    },
  )
}
