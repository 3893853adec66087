/**
 * Notes that take back the ID the record knows them by (a file put back to
 * an older ID or to none), instead of being added again while their twin in
 * Anki is deleted as removed.
 */
import { join } from 'node:path'
import { createNoteReporter } from '../../diagnostics/reporter.js'
import { DecklabError } from '../../errors.js'
import { type IdMove, idMovesFileName, readIdMoves } from '../../quiz/id-moves.js'
import type { DesiredNote } from '../../sync/plan.js'
import { matchRecordedNotes } from '../../sync/recovery.js'
import { adopt, withIds } from './adopt-ids.js'
import type { SyncSession } from './sync-session.js'

/**
 * Give back their IDs to notes the record knows by file and content, or by
 * the ID moves (see matchRecordedNotes), each with a warning; the vault's
 * notes with the IDs.
 */
export async function reclaimRecordedIds(
  session: SyncSession,
  desired: DesiredNote[],
  ankiIds: ReadonlySet<number>,
): Promise<DesiredNote[]> {
  // The moves are read only for a note whose ID Anki lacks.
  const lacking = desired.some((entry) => entry.id !== null && !ankiIds.has(entry.id))
  const moves = lacking ? movedFrom(session) : undefined
  const matches = matchRecordedNotes(desired, session.record, ankiIds, moves)
  if (matches.length === 0) return desired
  const reclaimed = new Map<DesiredNote['note'], number>()
  if (session.options.dryRun) {
    for (const { desired: entry, id } of matches) reclaimed.set(entry.note, id)
  } else {
    for (const [note, id] of await adopt(session, matches)) reclaimed.set(note, id)
  }
  for (const { desired: entry, id, by } of matches) {
    if (!reclaimed.has(entry.note)) continue
    const why =
      by === 'content'
        ? 'the note synced from this file with this content'
        : `the note synced from this file under it, and another Anki's sync moved it to ${entry.id}`
    createNoteReporter(entry.note, session.diagnostics).warning(
      'id-restored',
      `Unexpected ${entry.id === null ? 'note without an ID' : `ID ${entry.id}, which Anki does not have`}, expected ${id}: ${why}, so it takes that ID back${session.options.dryRun ? ' (a sync would write it)' : ''}`,
      {
        hint: 'A file put back to an older version, or synced meanwhile into another Anki, looks like this; its note in Anki is kept, with its review history.',
      },
    )
  }
  return withIds(desired, (entry) => reclaimed.get(entry.note))
}

/** The ID moves sync noted in the state directory (see quiz/id-moves.ts): new ID → the IDs before it. */
function movedFrom(session: SyncSession): Map<number, number[]> {
  const moved = new Map<number, number[]>()
  let moves: IdMove[]
  try {
    moves = readIdMoves(join(session.options.stateDirectory, idMovesFileName))
  } catch (error) {
    // A help, not a need: a file that cannot be read is reported when the sync writes to it.
    if (error instanceof DecklabError) return moved
    throw error
  }
  for (const { from, to } of moves) moved.set(to, [...(moved.get(to) ?? []), from])
  return moved
}
