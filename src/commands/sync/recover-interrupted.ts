/**
 * Finish what an interrupted sync left: the notes it added (they carry the
 * pending tag) are matched with the vault's notes that still lack their
 * Anki ID, by content, and those IDs are written into the notes. Of the
 * rest, only those this vault's sync added, in files this run reads, whose
 * ID is in no note file and which were never studied are planned for
 * deletion (`session.orphans`, deleted with the removals); see
 * `src/sync/recovery.ts` for the rule.
 */

import { createReporter } from '../../diagnostics/reporter.js'
import { collectUsedIds } from '../../ids/allocate.js'
import { labFieldName } from '../../model/note-types.js'
import { pendingTag } from '../../sync/pending-tag.js'
import type { DesiredNote } from '../../sync/plan.js'
import {
  attributePending,
  deletableOrphans,
  matchPendingNotes,
  type OwnOrphan,
  orphansInScope,
} from '../../sync/recovery.js'
import { relativeTo } from '../../text/relative-path.js'
import { idsElsewhereInVaults } from '../build/ids-elsewhere.js'
import { adopt, withIds } from './adopt-ids.js'
import { syncScope } from './plan-sync.js'
import { readNotes } from './read-anki.js'
import type { SyncSession } from './sync-session.js'

/**
 * The vault's notes, with the IDs found for them; the orphans to delete go
 * to `session.orphans`, and the pending notes' IDs into `ankiIds`.
 */
export async function recoverInterrupted(
  session: SyncSession,
  desired: DesiredNote[],
  ankiIds: Set<number>,
): Promise<DesiredNote[]> {
  const { anki, record } = session
  const pendingIds = await anki.call<number[]>('findNotes', { query: `tag:${pendingTag}` })
  const pending = pendingIds.length === 0 ? [] : await readNotes(anki, pendingIds)
  // Anki has them, though a killed sync's batch may have added them after `ankiIds` was
  // read (AnkiConnect reads a big request in slices): else an adopted ID counts as gone,
  // and its note is added again, refused as a duplicate.
  for (const note of pending) ankiIds.add(note.id)
  const added = attributePending(pending, record.adding ?? [])
  // Their notes are not in Anki with the pending tag (deleted, or the batch never arrived).
  if (record.adding) {
    const unclaimed = new Set(added.unclaimed)
    const left = record.adding.filter((entry) => !unclaimed.has(entry))
    record.adding = left.length > 0 ? left : undefined
  }
  if (pending.length === 0) return desired
  const match = matchPendingNotes(
    desired,
    pending,
    ankiIds,
    labFieldName,
    (id) => added.byId.get(id)?.file,
  )
  for (const id of match.known) session.pendingToClear.add(id)
  const inScope = orphansInScope(match.orphans, added.byId, syncScope(session))
  const deletable = await orphansToDelete(session, inScope)
  session.orphans.push(...deletable)
  // In no note file: a move noted into one never reached its note.
  session.takeBackMovesInto(deletable.map((orphan) => orphan.id))
  if (session.options.dryRun) {
    session.result.recovered = match.adoptions.length
    const adopted = new Map(match.adoptions.map((adoption) => [adoption.desired, adoption.id]))
    return withIds(desired, (entry) => adopted.get(entry))
  }
  const writtenIds = await adopt(session, match.adoptions)
  session.result.recovered = writtenIds.size
  return withIds(desired, (entry) => writtenIds.get(entry.note))
}

/**
 * Of this vault's orphans in scope, those in no note file (read or not, as
 * a card or as text) and never studied; a studied one is kept with a warning.
 */
async function orphansToDelete(
  session: SyncSession,
  orphans: readonly OwnOrphan[],
): Promise<OwnOrphan[]> {
  if (orphans.length === 0) return []
  const { files, vaultRoots } = session.loaded
  const idsInVaults = collectUsedIds(files.map((file) => file.text))
  for (const id of (await idsElsewhereInVaults(files, { vaultRoots })).used) {
    idsInVaults.add(id)
  }
  const studied = new Set(
    await session.anki.call<number[]>('findNotes', { query: `tag:${pendingTag} -is:new` }),
  )
  const found = deletableOrphans(orphans, idsInVaults, studied)
  for (const orphan of found.studied) {
    createReporter(relativeTo(session.options.cwd, orphan.file), session.diagnostics).warning(
      'pending-studied',
      `Unexpected note ${orphan.id} in Anki, added for this file by an interrupted sync and studied since, that no note here matches, expected its ID in a note: it is kept in Anki with its review history`,
      {
        hint: `Put \`<!--ID: ${orphan.id}-->\` on its note to go on syncing it, or delete it in Anki yourself (it has the tag ${pendingTag}).`,
      },
    )
  }
  return found.deletable
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
  // Neither the ones found already nor the orphans about to be deleted.
  const deleting = new Set(session.orphans.map((orphan) => orphan.id))
  const unclaimed = pendingIds.filter((id) => !session.pendingToClear.has(id) && !deleting.has(id))
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
