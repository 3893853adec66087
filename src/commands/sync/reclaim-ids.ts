/**
 * Notes that take back the ID the record knows them by (a file put back to
 * an older ID or to none), instead of being added again while their twin in
 * Anki is deleted as removed.
 */
import { createNoteReporter } from '../../diagnostics/reporter.js'
import type { DesiredNote } from '../../sync/plan.js'
import { matchRecordedNotes } from '../../sync/recovery.js'
import { adopt, withIds } from './adopt-ids.js'
import type { SyncSession } from './sync-session.js'

/**
 * Give back their IDs to notes the record knows by file and content (see
 * matchRecordedNotes), each with a warning; the vault's notes with the IDs.
 */
export async function reclaimRecordedIds(
  session: SyncSession,
  desired: DesiredNote[],
  ankiIds: ReadonlySet<number>,
): Promise<DesiredNote[]> {
  const matches = matchRecordedNotes(desired, session.record, ankiIds)
  if (matches.length === 0) return desired
  const reclaimed = new Map<DesiredNote['note'], number>()
  if (session.options.dryRun) {
    for (const { desired: entry, id } of matches) reclaimed.set(entry.note, id)
  } else {
    for (const [note, id] of await adopt(session, matches)) reclaimed.set(note, id)
  }
  for (const { desired: entry, id } of matches) {
    if (!reclaimed.has(entry.note)) continue
    createNoteReporter(entry.note, session.diagnostics).warning(
      'id-restored',
      `Unexpected ${entry.id === null ? 'note without an ID' : `ID ${entry.id}, which Anki does not have`}, expected ${id}: the note synced from this file with this content, so it takes that ID back${session.options.dryRun ? ' (a sync would write it)' : ''}`,
      {
        hint: 'A file put back to an older version, or synced meanwhile into another Anki, looks like this; its note in Anki is kept, with its review history.',
      },
    )
  }
  return withIds(desired, (entry) => reclaimed.get(entry.note))
}
