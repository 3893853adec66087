/**
 * Removals whose note a new note in another file is: a block moved there
 * unedited without its `<!--ID: N-->` line. A note the Obsidian_to_Anki
 * plugin added is of a stock type (`Basic`), and a new note goes in as
 * decklab's (`Basic (decklab)`): Anki refuses a duplicate within one note
 * type only, so it took the copy, and N was deleted as removed, with its
 * cards and review history. Compared by fields and whether the block's
 * note type fits N (moved-note-match.ts), such a removal is held
 * (`delete-held`) and the copy not added (`anki-rejected`, its hint naming
 * the ID line to put back), whatever N's type; `--dry-run` says the same,
 * as this is planned, and a held removal is not asked about.
 * An edited copy is another note: N goes, and the copy is added.
 */
import { createNoteReporter } from '../../diagnostics/reporter.js'
import type { AnkiNote, DesiredNote, Triage } from '../../sync/plan.js'
import { relativeTo } from '../../text/relative-path.js'
import { movedNotes, refuseMovedCopy } from './moved-note-match.js'
import { readNotes } from './read-anki.js'
import type { SyncSession } from './sync-session.js'

type Removal = Triage['delete'][number]

/** Keep out of `plan` the removals a new note of another file is, and those notes (see above). */
export async function holdRemovalsMovedWithoutId(
  session: SyncSession,
  plan: Triage,
): Promise<void> {
  const removed = plan.delete.filter((entry) => entry.reason === 'removed')
  const adding = plan.add.filter((entry) => entry.id === null)
  if (removed.length === 0 || adding.length === 0) return
  const anki = await readNotes(
    session.anki,
    removed.map((entry) => entry.id),
    { cards: false },
  )
  const held = movedNotes(removed, anki, adding, session.record)
  if (held.size === 0) return
  const claimed = new Set([...held.values()].map(({ entry }) => entry))
  plan.delete = plan.delete.filter((entry) => !held.has(entry))
  plan.add = plan.add.filter((entry) => !claimed.has(entry))
  for (const [removal, { entry, note }] of held) reportHeld(session, removal, entry, note)
}

/** The copy refused at its block, naming N's ID line, and N's removal held there. */
function reportHeld(
  session: SyncSession,
  removal: Removal,
  entry: DesiredNote,
  note: AnkiNote,
): void {
  const from = relativeTo(session.options.cwd, removal.file)
  const where = entry.note.kind === 'block' ? "as the block's last line" : 'into the note'
  refuseMovedCopy(session, removal, { entry, note }, `whose block is gone from ${from}`)
  createNoteReporter(entry.note, session.diagnostics).warning(
    'delete-held',
    `Unexpected removal of note ${removal.id} (gone from ${from}) while this note has its fields without an ID line, expected a note gone from the vault: note ${removal.id} was not deleted`,
    {
      hint: `Put \`<!--ID: ${removal.id}-->\` back ${where} here to keep note ${removal.id}, with its review history (it then moves to this file's deck); to delete it and add this note as a new one, change this note's fields.`,
    },
  )
}
