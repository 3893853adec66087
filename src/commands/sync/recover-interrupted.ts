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
import { adopt, withIds } from './adopt-ids.js'
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
  const writtenIds = await adopt(session, match.adoptions)
  if (match.orphans.length > 0) {
    await anki.call('deleteNotes', { notes: match.orphans })
    for (const id of match.orphans) ankiIds.delete(id)
  }
  session.result.recovered = writtenIds.size
  return withIds(desired, (entry) => writtenIds.get(entry.note))
}

/**
 * Notes Anki refused to add may be there already, pending: a killed sync's
 * last batch can reach Anki after the next run looked for pending notes
 * (AnkiConnect reads a big request in small slices), or the record that
 * said a sync was under way was lost. The refused notes whose content a
 * pending note has take its ID; returns the ones still refused, and the
 * adopted ones with their IDs (to compare with Anki like any other).
 */
export async function adoptRefused(
  session: SyncSession,
  refused: readonly DesiredNote[],
): Promise<{ refused: DesiredNote[]; adopted: DesiredNote[] }> {
  if (refused.length === 0) return { refused: [], adopted: [] }
  const { anki } = session
  const pendingIds = await anki.call<number[]>('findNotes', { query: `tag:${pendingTag}` })
  const unclaimed = pendingIds.filter((id) => !session.pendingToClear.has(id))
  if (unclaimed.length === 0) return { refused: [...refused], adopted: [] }
  const pending = await readNotes(anki, unclaimed)
  // Orphans are left alone here: deleting is for the recovery at the start.
  const match = matchPendingNotes(refused, pending, new Set(), labFieldName)
  const writtenIds = await adopt(session, match.adoptions)
  session.result.recovered += writtenIds.size
  return {
    refused: refused.filter((entry) => !writtenIds.has(entry.note)),
    // Matched by fields: their deck and tags are brought in step with the updates.
    adopted: withIds(
      refused.filter((entry) => writtenIds.has(entry.note)),
      (entry) => writtenIds.get(entry.note),
    ),
  }
}
