/**
 * Which note without an ID is a gone note N, moved to another file without
 * its `<!--ID: N-->` line: its fields, as Anki would have them in N's note
 * type, are N's (the record's hash of what was synced, or Anki's fields
 * now), and N's ID fits its block's note type. Compared so, not by Anki's
 * duplicate key (note type and first field): a note the Obsidian_to_Anki
 * plugin added is of a stock type (`Basic`, `Cloze`), and its copy would go
 * in as decklab's (`Basic (decklab)`), which Anki takes (it refuses a
 * duplicate within one note type only), and N would then be deleted as
 * removed, with its review history. An edited copy is another note.
 *
 * The one matcher of the three places a sync meets such a note: a removal
 * beside a new note of another file (moved-without-id.ts), a partial sync's
 * removal whose note stands in a file it did not read (moved-out-of-paths.ts),
 * and a partial sync's new note moved from a file it did not read
 * (moved-from-unread-files.ts).
 */
import { labFieldName } from '../../model/note-types.js'
import { spelledWithTagSpacesIn } from '../../sync/equivalent-html.js'
import {
  type AnkiNote,
  type DesiredNote,
  fieldsForModel,
  fieldsHash,
  noteTypeMismatch,
  syncedFieldsHash,
} from '../../sync/plan.js'
import type { SyncRecord } from '../../sync/sync-record.js'
import { expectedModel } from './note-type-mismatch.js'
import type { SyncSession } from './sync-session.js'

/** A note synced from `file` that no note read holds now. */
export interface GoneNote {
  id: number
  file: string
}

/**
 * Of `gone`, each whose Anki note (in `anki`) one of `notes` of another file
 * is, with that note and N as Anki has it. A note is taken once, by the
 * first of `gone` it matches.
 */
export function movedNotes<Gone extends GoneNote>(
  gone: readonly Gone[],
  anki: readonly AnkiNote[],
  notes: readonly DesiredNote[],
  record: SyncRecord,
): Map<Gone, { entry: DesiredNote; note: AnkiNote }> {
  const byId = new Map(anki.map((note) => [note.id, note]))
  const index = new FieldsIndex(notes)
  const found = new Map<Gone, { entry: DesiredNote; note: AnkiNote }>()
  const claimed = new Set<DesiredNote>()
  for (const removal of gone) {
    const note = byId.get(removal.id)
    if (note === undefined) continue
    const synced = record.notes[String(removal.id)]?.fields
    const entry = index
      .withFieldsOf(note, synced)
      .find(
        (candidate) =>
          !claimed.has(candidate) &&
          candidate.note.source.absolutePath !== removal.file &&
          noteTypeMismatch(candidate, note, expectedModel(candidate.note)) === undefined,
      )
    if (entry === undefined) continue
    claimed.add(entry)
    found.set(removal, { entry, note })
  }
  return found
}

/**
 * The copy of `gone` not added (`anki-rejected`, its hint naming the ID line
 * to put back), in the words every place that finds one uses; `whence` says
 * where `gone`'s block was.
 */
export function refuseMovedCopy(
  session: SyncSession,
  gone: GoneNote,
  { entry, note }: { entry: DesiredNote; note: AnkiNote },
  whence: string,
): void {
  session.movedWithoutId.set(entry, { id: gone.id, file: gone.file })
  session.reject(
    entry,
    `with the fields of note ${gone.id} (of note type \`${note.modelName}\` in Anki), ${whence}`,
    undefined,
    'moved',
  )
}

/**
 * The notes by their fields as Anki would have them in a note type's fields,
 * each under the hashes of them a record may keep: the record's
 * (`syncedFieldsHash`, one spelling), as spelled (`fieldsHash`, what a record
 * of decklab before 2026-12-07 kept), and in the one spelling before the
 * spaces a removed `#tag` left were out of it (`spelledWithTagSpacesIn`).
 */
class FieldsIndex {
  private readonly byModel = new Map<string, Map<string, DesiredNote[]>>()

  constructor(private readonly notes: readonly DesiredNote[]) {}

  /** The notes whose fields, in `note`'s type, are `synced` or `note`'s now (in any spelling). */
  withFieldsOf(note: AnkiNote, synced: string | undefined): DesiredNote[] {
    const names = Object.keys(note.fields)
    const key = JSON.stringify(names)
    let hashes = this.byModel.get(key)
    if (hashes === undefined) {
      hashes = new Map()
      for (const entry of this.notes) {
        const fields = fieldsForModel(entry.fields, names, labFieldName)
        const kept = [
          syncedFieldsHash(fields),
          fieldsHash(fields),
          fieldsHash(spelledWithTagSpacesIn(fields)),
        ]
        for (const hash of new Set(kept)) {
          const same = hashes.get(hash)
          if (same) same.push(entry)
          else hashes.set(hash, [entry])
        }
      }
      this.byModel.set(key, hashes)
    }
    // Anki's fields as the plugin spelled them (`<br />`, `"`) are decklab's too (see equivalent-html.ts).
    const keys = new Set([
      ...(synced === undefined ? [] : [synced]),
      fieldsHash(note.fields),
      syncedFieldsHash(note.fields),
    ])
    return [...new Set([...keys].flatMap((hash) => hashes.get(hash) ?? []))]
  }
}
