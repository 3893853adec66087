/**
 * A partial sync's notes moved without their ID line from a file it does not
 * read. The whole vault's sync finds such a note among its removals
 * (removals-in-the-way.ts); a sync of some paths reads no removal from the
 * rest of the vault, yet Anki refuses the note there too, while the note it
 * was has its first field. Found by the record: a note synced from a file
 * this sync does not read, whose ID no file of the vault holds, with the
 * new note's fields as Anki would have them, and its note type and first
 * field in Anki. The refusal's hint then names it, as the whole vault's does.
 */

import { labFieldName } from '../../model/note-types.js'
import type { ModelChoice } from '../../sync/anki-actions.js'
import { type DesiredNote, fieldsForModel, fieldsHash } from '../../sync/plan.js'
import { duplicateKey, newNoteKey } from './anki-duplicate-key.js'
import { readNotes } from './read-anki.js'
import type { SyncSession } from './sync-session.js'

/** Note in `session.movedWithoutId` each of `adding` moved from a file a partial sync does not read. */
export async function noteMovedFromUnreadFiles(
  session: SyncSession,
  adding: readonly DesiredNote[],
  /** The IDs this sync deletes: each is in the way of a new note or not (removals-in-the-way.ts). */
  removals: ReadonlySet<number>,
  models: ReadonlyMap<string, ModelChoice>,
): Promise<void> {
  const { loaded, record } = session
  // Only a partial sync leaves files unread (it scans the rest of the vault for their IDs).
  if (loaded.usedElsewhere === undefined || adding.length === 0) return
  const read = new Set(loaded.files.map((file) => file.absolutePath))
  const held = new Set([
    ...loaded.usedElsewhere,
    ...loaded.notes.flatMap((note) => (note.id === null ? [] : [note.id])),
    ...loaded.markers.map((marker) => marker.id),
    ...removals,
  ])
  const byFields = new Map<string, DesiredNote[]>()
  for (const entry of adding) {
    const model = models.get(entry.note.noteType)
    if (model === undefined || session.movedWithoutId.has(entry)) continue
    const hash = fieldsHash(fieldsForModel(entry.fields, model.fields, labFieldName))
    byFields.set(hash, [...(byFields.get(hash) ?? []), entry])
  }
  const candidates = new Map<number, { file: string; entries: DesiredNote[] }>()
  for (const [key, synced] of Object.entries(record.notes)) {
    const entries = synced.fields === undefined ? undefined : byFields.get(synced.fields)
    if (entries === undefined || read.has(synced.file) || held.has(Number(key))) continue
    candidates.set(Number(key), { file: synced.file, entries })
  }
  if (candidates.size === 0) return
  for (const note of await readNotes(session.anki, [...candidates.keys()], { cards: false })) {
    const { file, entries } = candidates.get(note.id) as { file: string; entries: DesiredNote[] }
    const key = duplicateKey(note.modelName, Object.values(note.fields)[0] ?? '')
    for (const entry of entries) {
      const model = models.get(entry.note.noteType) as ModelChoice
      if (newNoteKey(entry, model) === key && !session.movedWithoutId.has(entry)) {
        session.movedWithoutId.set(entry, { id: note.id, file })
      }
    }
  }
}
