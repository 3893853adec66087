/**
 * Removals whose note a new note in another file is: a block moved there
 * unedited without its `<!--ID: N-->` line. A note the Obsidian_to_Anki
 * plugin added is of a stock type (`Basic`), and a new note goes in as
 * decklab's (`Basic (decklab)`): Anki refuses a duplicate within one note
 * type only, so it took the copy, and N was deleted as removed, with its
 * cards and review history. Compared by fields (as Anki would have them:
 * the record's hash of what was synced, or Anki's fields now) and whether
 * the block's note type fits N, not by Anki's duplicate key, such a removal
 * is held (`delete-held`) and the copy not added (`anki-rejected`, its hint
 * naming the ID line to put back), whatever N's type; `--dry-run` says the
 * same, as this is planned, and a held removal is not asked about.
 * An edited copy is another note: N goes, and the copy is added.
 */
import { createNoteReporter } from '../../diagnostics/reporter.js'
import { labFieldName } from '../../model/note-types.js'
import {
  type AnkiNote,
  type DesiredNote,
  fieldsForModel,
  fieldsHash,
  type Triage,
} from '../../sync/plan.js'
import { relativeTo } from '../../text/relative-path.js'
import { hasFieldsOf } from './moved-out-of-paths.js'
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
  const byId = new Map(anki.map((note) => [note.id, note]))
  const index = new FieldsIndex(adding)
  const held = new Map<Removal, { entry: DesiredNote; note: AnkiNote }>()
  const claimed = new Set<DesiredNote>()
  for (const removal of removed) {
    const note = byId.get(removal.id)
    if (note === undefined) continue
    const synced = session.record.notes[String(removal.id)]?.fields
    const entry = index
      .withFieldsOf(note, synced)
      .find(
        (candidate) =>
          !claimed.has(candidate) &&
          candidate.note.source.absolutePath !== removal.file &&
          hasFieldsOf(candidate, note, synced),
      )
    if (entry === undefined) continue
    claimed.add(entry)
    held.set(removal, { entry, note })
  }
  if (held.size === 0) return
  plan.delete = plan.delete.filter((entry) => !held.has(entry))
  plan.add = plan.add.filter((entry) => !claimed.has(entry))
  for (const [removal, { entry, note }] of held) reportHeld(session, removal, entry, note)
}

/** The new notes by their fields as Anki would have them in a note type's fields. */
class FieldsIndex {
  private readonly byModel = new Map<string, Map<string, DesiredNote[]>>()

  constructor(private readonly adding: readonly DesiredNote[]) {}

  /** The new notes whose fields, in `note`'s type, are `synced` or `note`'s now. */
  withFieldsOf(note: AnkiNote, synced: string | undefined): DesiredNote[] {
    const names = Object.keys(note.fields)
    const key = JSON.stringify(names)
    let hashes = this.byModel.get(key)
    if (hashes === undefined) {
      hashes = new Map()
      for (const entry of this.adding) {
        const hash = fieldsHash(fieldsForModel(entry.fields, names, labFieldName))
        hashes.set(hash, [...(hashes.get(hash) ?? []), entry])
      }
      this.byModel.set(key, hashes)
    }
    const now = fieldsHash(note.fields)
    return [
      ...(synced === undefined ? [] : (hashes.get(synced) ?? [])),
      ...(synced === now ? [] : (hashes.get(now) ?? [])),
    ]
  }
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
  session.movedWithoutId.set(entry, { id: removal.id, file: removal.file })
  session.reject(
    entry,
    `with the fields of note ${removal.id} (of note type \`${note.modelName}\` in Anki), whose block is gone from ${from}`,
    undefined,
    'moved',
  )
  createNoteReporter(entry.note, session.diagnostics).warning(
    'delete-held',
    `Unexpected removal of note ${removal.id} (gone from ${from}) while this note has its fields without an ID line, expected a note gone from the vault: note ${removal.id} was not deleted`,
    {
      hint: `Put \`<!--ID: ${removal.id}-->\` back ${where} here to keep note ${removal.id}, with its review history (it then moves to this file's deck); to delete it and add this note as a new one, change this note's fields.`,
    },
  )
}
