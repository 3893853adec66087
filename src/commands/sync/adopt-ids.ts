/** Writing into vault notes the IDs of notes Anki already has (found by recovery or the record). */

import type { DesiredNote } from '../../sync/plan.js'
import type { PendingMatch } from '../../sync/recovery.js'
import type { SyncSession } from './sync-session.js'

/** Write the adopted IDs into their notes; the notes whose ID was written, with it. */
export async function adopt(
  session: SyncSession,
  adoptions: PendingMatch['adoptions'],
): Promise<Map<DesiredNote['note'], number>> {
  const { written, diagnostics } = await session.ids.write(
    adoptions.map((adoption) => ({ note: adoption.desired.note, id: adoption.id })),
  )
  session.diagnostics.push(...diagnostics)
  const writtenIds = new Map(written.map((assignment) => [assignment.note, assignment.id]))
  for (const id of writtenIds.values()) session.pendingToClear.add(id)
  return writtenIds
}

/** The vault's notes, each with the ID `idOf` gives it, if any. */
export function withIds(
  desired: readonly DesiredNote[],
  idOf: (entry: DesiredNote) => number | undefined,
): DesiredNote[] {
  return desired.map((entry) => {
    const id = idOf(entry)
    return id === undefined ? entry : { ...entry, id }
  })
}
