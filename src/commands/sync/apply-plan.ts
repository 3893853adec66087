/**
 * Carry out a plan, in the order that keeps an interruption harmless: media
 * and decks first, then new notes (their IDs written back batch by batch),
 * updates, and only then deletions; the record is saved after every step
 * that changed Anki.
 */

import { createNoteReporter, createReporter } from '../../diagnostics/reporter.js'
import { pendingTag } from '../../sync/pending-tag.js'
import type { DesiredNote } from '../../sync/plan.js'
import { isChange } from '../../sync/plan.js'
import { forgetAdding, forgetUnusedMedia, forgetVanishedNotes } from '../../sync/sync-record.js'
import { count } from '../../text/count.js'
import { addNotes } from './add-notes.js'
import { keepAnkiEdits } from './anki-edits.js'
import type { EnsuredModels } from './models.js'
import { compareWithAnki, type SyncPlan } from './plan-sync.js'
import { removalsInTheWay, updatesInTheWay } from './removals-in-the-way.js'
import { rememberMediaFiles, storeMedia } from './store-media.js'
import type { SyncSession } from './sync-session.js'
import { ensureDecks, updateNotes } from './update-notes.js'

export async function applyPlan(
  session: SyncSession,
  plan: SyncPlan,
  models: EnsuredModels,
  desired: readonly DesiredNote[],
  ankiIds: ReadonlySet<number>,
): Promise<void> {
  const { anki, record } = session
  const { triage } = plan
  const deletedInAnki = markersDeletedInAnki(session, ankiIds)
  await storeMedia(session, plan.media)
  const deckNames = await ensureDecks(anki, [
    ...triage.add.map((entry) => entry.deck),
    ...plan.writes
      .filter((change) => change.moveCards.length > 0)
      .map((change) => change.desired.deck),
  ])
  // An interrupted sync's orphans go first: a note edited or moved since may be added
  // again now, and Anki refuses it while the orphan with its first field is there.
  // So do removals whose first field a new note takes (removals-in-the-way.ts).
  const inTheWay = await removalsInTheWay(session, triage.add, triage.delete, models.models)
  const first = triage.delete.filter(
    (entry) => entry.reason === 'interrupted' || inTheWay.removals.includes(entry),
  )
  await deleteNotes(session, first)
  triage.delete = triage.delete.filter((entry) => !first.includes(entry))
  // So do the updates that take away a first field a new note has.
  const early = updatesInTheWay(triage.add, plan.writes, models.models).updates
  keepAnkiEdits(session, early)
  await updateNotes(session, early)
  const added = await addNotes(session, triage.add, models.models, models.failed, deckNames)
  const unwritten = added.notWritten
  const { changes: adopted } = await compareWithAnki(session, added.adopted)
  const writes = [
    ...plan.writes.filter((change) => !early.includes(change)),
    ...adopted.filter(isChange),
  ]
  keepAnkiEdits(session, writes)
  await updateNotes(session, writes)
  for (const entry of triage.unchanged) {
    if (!session.rejected.has(entry)) session.remember(entry, entry.id as number)
  }
  for (const change of [...plan.changes, ...adopted]) {
    if (!session.rejected.has(change.desired)) {
      session.remember(change.desired, change.id, change.syncedFields)
    }
  }
  // Cards left in a filtered deck may need a move once back home: compared again next time.
  for (const change of [...plan.changes, ...adopted]) {
    if (change.inFilteredDeck.length > 0) session.compareNextTime(change.id)
  }
  rememberMediaFiles(session)
  await session.save()
  holdRemovalsBesideRefusals(session, triage)
  await deleteNotes(session, triage.delete)
  await removeMarkersDeletedInAnki(session, deletedInAnki)
  if (session.pendingToClear.size > 0) {
    await anki.call('removeTags', { notes: [...session.pendingToClear], tags: pendingTag })
    forgetAdding(record, session.pendingToClear)
  }
  // pendingToClear: the IDs this run wrote into notes (added or adopted) or found there.
  const vaultIds = new Set([
    ...desired.map((entry) => entry.id),
    ...session.result.added.map((entry) => entry.id),
    ...session.pendingToClear,
  ])
  forgetVanishedNotes(record, vaultIds, ankiIds)
  // Older versions of pictures, and the media of deleted notes: a later sync compares none of it.
  forgetUnusedMedia(
    record,
    desired.flatMap((entry) => entry.media),
  )
  // Notes still pending (IDs not written, or kept for a sync that reads their files): found next time.
  record.pending = unwritten > 0 || (record.adding?.length ?? 0) > 0
  session.result.pending = unwritten
  await session.save()
}

/**
 * A note Anki refused to add may be the very note a removal would delete
 * (the same file, or the same content under another ID): removals from the
 * files of refused notes, or of their content, wait until they are added.
 */
export function holdRemovalsBesideRefusals(session: SyncSession, triage: SyncPlan['triage']): void {
  if (session.rejected.size === 0) return
  const files = new Set([...session.rejected].map((entry) => entry.note.source.absolutePath))
  const hashes = new Set([...session.rejected].map((entry) => entry.hash))
  // A note moved to a file of another deck without its ID line: its content, not its hash.
  const movedAndRefused = new Set(
    [...session.movedWithoutId]
      .filter(([entry]) => session.rejected.has(entry))
      .map(([, removal]) => removal.id),
  )
  const held = triage.delete.filter(
    (entry) =>
      entry.reason === 'removed' &&
      (files.has(entry.file) ||
        hashes.has(session.record.notes[String(entry.id)]?.hash ?? '') ||
        movedAndRefused.has(entry.id)),
  )
  if (held.length === 0) return
  triage.delete = triage.delete.filter((entry) => !held.includes(entry))
  session.result.deleted = session.result.deleted.filter(
    (entry) => !held.some((hold) => hold.id === entry.id),
  )
  const first = [...session.rejected][0] as DesiredNote
  createNoteReporter(first.note, session.diagnostics).warning(
    'delete-held',
    `Unexpected removal of ${count(held.length, 'note')} beside notes Anki refused to add, expected the refused notes added first: they were not deleted (${held.map((entry) => entry.id).join(', ')})`,
    { hint: 'Fix the refused notes and sync again; the removals follow once they are in Anki.' },
  )
}

/**
 * Delete these notes from Anki and forget them in the record (saved); then
 * take the `DELETE` markers that stand alone out of the notes (see
 * removeDeletedMarkers).
 */
async function deleteNotes(
  session: SyncSession,
  entries: SyncPlan['triage']['delete'],
): Promise<void> {
  if (entries.length === 0) return
  await session.anki.call('deleteNotes', { notes: entries.map((entry) => entry.id) })
  for (const entry of entries) delete session.record.notes[String(entry.id)]
  forgetAdding(session.record, new Set(entries.map((entry) => entry.id)))
  await session.save()
  await removeDeletedMarkers(session, entries)
}

/**
 * The plugin takes a `DELETE` marker and its ID line out of the note once
 * it deleted the note; so does a sync, for the notes it deleted, only for a
 * marker outside a block (one inside would leave a block without an ID, a
 * new note the next sync adds again), and only from a file that is as the
 * sync last read or wrote it. Else the lines stay, with a warning.
 */
async function removeDeletedMarkers(
  session: SyncSession,
  entries: SyncPlan['triage']['delete'],
): Promise<void> {
  const deleted = new Set(
    entries.filter((entry) => entry.reason === 'delete-marker').map((entry) => entry.id),
  )
  if (deleted.size === 0) return
  const paths = new Map(session.loaded.files.map((file) => [file.file, file.absolutePath]))
  const markers = session.loaded.markers.flatMap((marker) => {
    const absolutePath = paths.get(marker.file)
    if (!marker.standalone || !deleted.has(marker.id) || absolutePath === undefined) return []
    return [{ absolutePath, line: marker.line, id: marker.id }]
  })
  session.diagnostics.push(...(await session.ids.removeMarkers(markers)))
}

/**
 * `DELETE` markers of notes this vault synced into this Anki that Anki no
 * longer has (deleted in Anki meanwhile): what they ask for is done. Only
 * when Anki has another note the record lists, so that this is the
 * collection the notes were synced into (not a fresh one, or another
 * profile behind the same address, whose lack of the note says nothing).
 * A marker inside a block is only said: its lines stay with the block.
 */
export function markersDeletedInAnki(
  session: SyncSession,
  ankiIds: ReadonlySet<number>,
): SyncSession['loaded']['markers'] {
  const { record, loaded } = session
  const gone = loaded.markers.filter(
    (marker) => !ankiIds.has(marker.id) && record.notes[String(marker.id)] !== undefined,
  )
  if (gone.length === 0) return []
  const sameCollection = Object.keys(record.notes).some((id) => ankiIds.has(Number(id)))
  return sameCollection ? gone : []
}

/** Take those markers out of their notes (not in a dry run), each said at its place (`delete-done`). */
export async function removeMarkersDeletedInAnki(
  session: SyncSession,
  markers: SyncSession['loaded']['markers'],
): Promise<void> {
  if (markers.length === 0) return
  const paths = new Map(session.loaded.files.map((file) => [file.file, file.absolutePath]))
  const removable = markers.flatMap((marker) => {
    const absolutePath = paths.get(marker.file)
    if (!marker.standalone || absolutePath === undefined) return []
    return [{ absolutePath, line: marker.line, id: marker.id }]
  })
  const kept = await session.ids.removeMarkers(removable)
  session.diagnostics.push(...kept)
  const keptFiles = new Set(kept.map((diagnostic) => diagnostic.file))
  for (const marker of markers) {
    if (!marker.standalone) {
      // Its next sync, which no longer has it in the record, says the same (plan-sync.ts).
      createReporter(marker.file, session.diagnostics).warning(
        'delete-done',
        `Unexpected \`DELETE\` of note ${marker.id}, which Anki does not have (deleted in Anki since the last sync), expected a note in Anki: there is nothing left to delete`,
        {
          place: { line: marker.line, column: 1 },
          hint: 'Remove the block (a sync leaves a `DELETE` inside a block, whose text would go with it).',
        },
      )
      continue
    }
    if (keptFiles.has(marker.file)) continue
    const taken = session.options.dryRun ? 'a sync takes' : 'were taken'
    createReporter(marker.file, session.diagnostics).warning(
      'delete-done',
      `Unexpected \`DELETE\` of note ${marker.id}, which Anki does not have (deleted in Anki since the last sync), expected a note in Anki: there is nothing left to delete, and the \`DELETE\` line and its ID line ${taken} out of the note`,
      { place: { line: marker.line, column: 1 } },
    )
  }
}
