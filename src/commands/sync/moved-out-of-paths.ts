/**
 * A partial sync's removals whose note stands now in a file it does not
 * read: a block cut from `notes/bio/f0.md` and pasted into
 * `notes/chem/f5.md` without its ID line, or a whole file moved out of the
 * synced folder with its ID lines lost. Such a sync reads only the IDs of
 * the rest of the vault, so the block looked removed, and its note went with
 * its cards and review history (the next sync of the whole vault added the
 * block as a new note). A sync of the whole vault holds that removal beside
 * the note Anki refuses (removals-in-the-way.ts); this holds it too, with
 * the place of the note and its ID line to put back.
 *
 * The rest of the vault's blocks are read only when there is a removal to
 * check: a partial sync that removes nothing parses no more than before.
 * A removal is held when a note without an ID there is its note, by its
 * fields and note type (moved-note-match.ts), as a sync of the whole vault
 * matches it.
 */
import { resolve } from 'node:path'
import { createNoteReporter } from '../../diagnostics/reporter.js'
import type { Note } from '../../model/note.js'
import { asWritten } from '../../model/translated-note.js'
import { holdsObsidian, notePathRoots } from '../../notes/vault-root.js'
import type { DesiredNote, Triage } from '../../sync/plan.js'
import { relativeTo } from '../../text/relative-path.js'
import { movedNotes } from './moved-note-match.js'
import { renderNotes } from './prepare.js'
import { readNotes } from './read-anki.js'
import type { SyncSession } from './sync-session.js'

type Removal = Triage['delete'][number]

/** Keep out of `plan` the removals whose note a file this partial sync did not read has (see above). */
export async function holdRemovalsMovedOut(session: SyncSession, plan: Triage): Promise<void> {
  if (session.loaded.usedElsewhere === undefined) return
  const removed = plan.delete.filter((entry) => entry.reason === 'removed')
  if (removed.length === 0) return
  const unread = await notesWithoutIdElsewhere(session)
  if (unread.length === 0) return
  const anki = await readNotes(
    session.anki,
    removed.map((entry) => entry.id),
    { cards: false },
  )
  if (anki.length === 0) return
  const { desired } = await renderNotes(unread, session.dependencies, session.options.signal)
  const held = movedNotes(removed, anki, desired, session.record)
  if (held.size === 0) return
  plan.delete = plan.delete.filter((entry) => !held.has(entry))
  for (const [removal, { entry }] of held) reportHeld(session, removal, entry)
}

/**
 * The notes without an ID in the files of the vault this sync did not read:
 * where a sync of the whole vault reads (the Obsidian vault; in a plain
 * folder, what a sync run here without paths reads).
 */
async function notesWithoutIdElsewhere(session: SyncSession): Promise<Note[]> {
  const { options, loaded, dependencies } = session
  const here = resolve(options.cwd)
  const paths = new Set(
    loaded.vaultRoots.flatMap((root) =>
      root === here && !holdsObsidian(root) ? notePathRoots(options.cwd, []) : [root],
    ),
  )
  options.onProgress?.('reading the rest of the vault for notes moved there…')
  const read = new Set(loaded.files.map((file) => file.absolutePath))
  const found: Note[] = []
  for (const path of paths) {
    const vault = await dependencies.loadVault({
      cwd: options.cwd,
      paths: [path],
      signal: options.signal,
    })
    for (const note of vault.notes) {
      if (note.id === null && !read.has(note.source.absolutePath)) found.push(asWritten(note))
    }
  }
  return found
}

/** `delete-held` at the note the removal's note stands in now, naming its ID line. */
function reportHeld(session: SyncSession, removal: Removal, place: DesiredNote): void {
  const { note } = place
  const from = relativeTo(session.options.cwd, removal.file)
  const at = `${note.source.file}:${note.source.line}`
  const where = note.kind === 'block' ? "as the block's last line" : 'into the note'
  createNoteReporter(note, session.diagnostics).warning(
    'delete-held',
    `Unexpected removal of note ${removal.id} (gone from ${from}) while this note, in a file this sync did not read, has its fields without an ID line, expected a note gone from the vault: note ${removal.id} was not deleted`,
    {
      hint: `Moved to ${at} without its ID line? Put \`<!--ID: ${removal.id}-->\` back ${where} there to keep note ${removal.id} in Anki, with its review history (a sync of that file then moves it to its deck); to add it as a new note instead, delete note ${removal.id} in Anki.`,
    },
  )
}
