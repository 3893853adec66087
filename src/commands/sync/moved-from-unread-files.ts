/**
 * A partial sync's new notes moved without their ID line from a file it does
 * not read: a block cut from `notes/chem/f5.md` and pasted into
 * `notes/bio/f0.md`, then `decklab sync notes/bio`. The whole vault's sync
 * meets its note N among its removals (moved-without-id.ts); a sync of some
 * paths reads no removal from the rest of the vault, and added the block as
 * a new note when Anki took it (N of a stock type the Obsidian_to_Anki
 * plugin added, `Basic`, the copy `Basic (decklab)`): the next sync of the
 * whole vault then deleted N as removed, with its review history.
 *
 * N is found by the record: a note synced from a file this sync does not
 * read, whose ID no file of the vault holds (the files read, their `DELETE`
 * markers, and the rest of the vault's IDs loadNotes scans), and that the
 * new note is by its fields and note type (moved-note-match.ts). The note
 * is not added (`anki-rejected`, its hint naming N's ID line to put back),
 * whatever N's type; N itself is left alone, its file not read. `--dry-run`
 * says the same, as this is planned.
 */
import { isUnderRoots, notePathRoots } from '../../notes/vault-root.js'
import type { Triage } from '../../sync/plan.js'
import { relativeTo } from '../../text/relative-path.js'
import { type GoneNote, movedNotes, refuseMovedCopy } from './moved-note-match.js'
import { readNotes } from './read-anki.js'
import type { SyncSession } from './sync-session.js'

/** Keep out of `plan` the new notes moved from files a partial sync does not read (see above). */
export async function holdNotesMovedFromUnreadFiles(
  session: SyncSession,
  plan: Triage,
): Promise<void> {
  const { loaded, record } = session
  // Only a partial sync leaves files unread (it scans the rest of the vault for their IDs).
  if (loaded.usedElsewhere === undefined) return
  const adding = plan.add.filter((entry) => entry.id === null)
  if (adding.length === 0) return
  const read = new Set(loaded.files.map((file) => file.absolutePath))
  // A note of the paths synced is this sync's own: removed, or held (moved-out-of-paths.ts).
  const roots = notePathRoots(session.options.cwd, session.options.paths)
  const unread = (file: string) => !read.has(file) && !isUnderRoots(file, roots)
  const held = new Set([
    ...loaded.usedElsewhere,
    ...loaded.notes.flatMap((note) => (note.id === null ? [] : [note.id])),
    ...loaded.markers.map((marker) => marker.id),
    ...plan.delete.map((removal) => removal.id),
  ])
  const gone: GoneNote[] = Object.entries(record.notes).flatMap(([key, synced]) =>
    unread(synced.file) && !held.has(Number(key)) ? [{ id: Number(key), file: synced.file }] : [],
  )
  if (gone.length === 0) return
  const anki = await readNotes(
    session.anki,
    gone.map((note) => note.id),
    { cards: false },
  )
  const moved = movedNotes(gone, anki, adding, record)
  if (moved.size === 0) return
  const claimed = new Set([...moved.values()].map(({ entry }) => entry))
  plan.add = plan.add.filter((entry) => !claimed.has(entry))
  for (const [from, copy] of moved) {
    refuseMovedCopy(
      session,
      from,
      copy,
      `synced from ${relativeTo(session.options.cwd, from.file)}, which this sync did not read, and whose ID no file of the vault holds now`,
    )
  }
}
