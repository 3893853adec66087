/**
 * The notes a sync would delete because their blocks or files are gone
 * (`removed`), put to the user before any change when a terminal can ask
 * (`SyncOptions.confirmRemovals`). A note is deleted with its cards and
 * review history, and a block taken out by mistake (a merge, an editor, a
 * file moved out of the vault) looks the same. `DELETE` blocks (asked for
 * one by one) and an interrupted sync's own copies are not asked about.
 * Declined: those notes stay in Anki and in the record, so the next sync
 * asks again; everything else is synced.
 */
import { createReporter } from '../../diagnostics/reporter.js'
import { notePaths } from '../../notes/vault-root.js'
import type { Triage } from '../../sync/plan.js'
import { count } from '../../text/count.js'
import { programName } from '../../text/program-name.js'
import { relativeTo } from '../../text/relative-path.js'
import { isGone } from './plan-sync.js'
import type { SyncSession } from './sync-session.js'

/**
 * Ask (when the options can) before deleting removed notes; a no takes them
 * out of the plan. Notes answered about before (the sync started over as
 * the notes changed while it asked) are not asked about again.
 */
export async function confirmRemovals(session: SyncSession, triage: Triage): Promise<void> {
  const { confirmRemovals: ask, cwd, paths } = session.options
  const removed = triage.delete.filter((entry) => entry.reason === 'removed')
  if (ask === undefined || removed.length === 0) return
  const answers = session.removalAnswers
  if (removed.some((entry) => !answers.has(entry.id))) {
    const asked = removed.map((entry) => ({ id: entry.id, file: relativeTo(cwd, entry.file) }))
    // A file gone when the notes were read may be back by the answer (restored from the trash).
    const read = new Set(session.loaded.files.map((file) => file.absolutePath))
    const gone = [...new Set(removed.map((entry) => entry.file))].filter((file) => !read.has(file))
    await session.whileAsking(
      async () => {
        const yes = await ask(asked)
        for (const entry of removed) answers.set(entry.id, yes)
      },
      () => gone.every(isGone),
    )
  }
  const declined = removed.filter((entry) => answers.get(entry.id) !== true)
  if (declined.length === 0) return
  triage.delete = triage.delete.filter((entry) => !declined.includes(entry))
  const one = declined.length === 1
  createReporter(relativeTo(cwd, notePaths(cwd, paths)[0] ?? '.'), session.diagnostics).warning(
    'delete-declined',
    `Unexpected answer no to deleting ${count(declined.length, 'note')} removed from the notes, expected yes for a sync to delete ${one ? 'it' : 'them'}: ${one ? 'it stays' : 'they stay'} in Anki, with ${one ? 'its' : 'their'} review history, and the next sync asks again`,
    {
      hint: `Put the blocks back (with their ID lines) to keep the notes; \`${programName()} sync --yes\` deletes them without asking.`,
    },
  )
}
