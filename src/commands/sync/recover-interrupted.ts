/**
 * Finish what an interrupted sync left: the notes it added (they carry the
 * pending tag) are matched with the vault's notes that still lack their
 * Anki ID, by content, and those IDs are written into the notes; the rest
 * never reached a note and are deleted (decklab created them a moment before).
 */
import { labFieldName } from '../../model/note-types.js'
import { pendingTag } from '../../sync/pending-tag.js'
import type { DesiredNote } from '../../sync/plan.js'
import { matchPendingNotes } from '../../sync/recovery.js'
import { readNotes } from './read-anki.js'
import type { SyncSession } from './sync-session.js'

/** The vault's notes, with the IDs found for them; `ankiIds` loses the orphans deleted. */
export async function recoverInterrupted(
  session: SyncSession,
  desired: DesiredNote[],
  ankiIds: Set<number>,
): Promise<DesiredNote[]> {
  const { anki } = session
  const pendingIds = await anki.call<number[]>('findNotes', { query: `tag:${pendingTag}` })
  if (pendingIds.length === 0) return desired
  const pending = await readNotes(anki, pendingIds)
  const match = matchPendingNotes(desired, pending, ankiIds, labFieldName)
  for (const id of match.known) session.pendingToClear.add(id)
  if (session.options.dryRun) {
    session.result.recovered = match.adoptions.length
    const adopted = new Map(match.adoptions.map((adoption) => [adoption.desired, adoption.id]))
    return withIds(desired, (entry) => adopted.get(entry))
  }
  const { written, diagnostics } = await session.ids.write(
    match.adoptions.map((adoption) => ({ note: adoption.desired.note, id: adoption.id })),
  )
  session.diagnostics.push(...diagnostics)
  const writtenIds = new Map(written.map((assignment) => [assignment.note, assignment.id]))
  for (const id of writtenIds.values()) session.pendingToClear.add(id)
  if (match.orphans.length > 0) {
    await anki.call('deleteNotes', { notes: match.orphans })
    for (const id of match.orphans) ankiIds.delete(id)
  }
  session.result.recovered = written.length
  return withIds(desired, (entry) => writtenIds.get(entry.note))
}

function withIds(
  desired: readonly DesiredNote[],
  idOf: (entry: DesiredNote) => number | undefined,
): DesiredNote[] {
  return desired.map((entry) => {
    const id = idOf(entry)
    return id === undefined ? entry : { ...entry, id }
  })
}
