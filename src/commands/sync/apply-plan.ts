/**
 * Carry out a plan, in the order that keeps an interruption harmless: media
 * and decks first, then new notes (their IDs written back batch by batch),
 * updates, and only then deletions; the record is saved after every step
 * that changed Anki.
 */

import { pendingTag } from '../../sync/pending-tag.js'
import type { DesiredNote } from '../../sync/plan.js'
import { forgetVanishedNotes } from '../../sync/sync-record.js'
import { addNotes } from './add-notes.js'
import type { EnsuredModels } from './models.js'
import type { SyncPlan } from './plan-sync.js'
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
  await storeMedia(session, plan.media)
  await ensureDecks(anki, [
    ...triage.add.map((entry) => entry.deck),
    ...plan.writes
      .filter((change) => change.moveCards.length > 0)
      .map((change) => change.desired.deck),
  ])
  const unwritten = await addNotes(session, triage.add, models.models, models.failed)
  await updateNotes(session, plan.writes)
  for (const entry of [...triage.unchanged, ...plan.changes.map((change) => change.desired)]) {
    if (!session.rejected.has(entry)) session.remember(entry, entry.id as number)
  }
  rememberMediaFiles(session)
  await session.save()
  if (triage.delete.length > 0) {
    await anki.call('deleteNotes', { notes: triage.delete.map((entry) => entry.id) })
    for (const entry of triage.delete) delete record.notes[String(entry.id)]
    await session.save()
  }
  if (session.pendingToClear.size > 0) {
    await anki.call('removeTags', { notes: [...session.pendingToClear], tags: pendingTag })
  }
  // pendingToClear: the IDs this run wrote into notes (added or adopted) or found there.
  const vaultIds = new Set([
    ...desired.map((entry) => entry.id),
    ...session.result.added.map((entry) => entry.id),
    ...session.pendingToClear,
  ])
  forgetVanishedNotes(record, vaultIds, ankiIds)
  record.pending = unwritten > 0
  await session.save()
}
