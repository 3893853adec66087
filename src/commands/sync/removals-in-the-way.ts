/**
 * Removals in the way of new notes. Anki refuses a note whose first field a
 * note of its type has, so a note this sync deletes anyway, and whose first
 * field a new note takes, is deleted before the new notes are added: the
 * old block marked `DELETE` beside a new one with the same front, or a note
 * moved to another file and edited there. A removal from the new note's own
 * file, or with its content (its fields as Anki would have them: a note
 * moved without its ID line into a file of another deck or other tags has
 * them too), is that note under another ID: it stays in the way, the new
 * note is refused and the removal held (`holdRemovalsBesideRefusals`), so
 * its review history is not deleted. Such a note of another file, with
 * the fields and a note type that fits, is mostly taken out of the plan
 * before (moved-without-id.ts), whatever its type, and so is a partial
 * sync's note moved from a file it does not read (moved-from-unread-files.ts).
 */

import { labFieldName } from '../../model/note-types.js'
import type { ModelChoice } from '../../sync/anki-actions.js'
import {
  type DesiredNote,
  fieldsForModel,
  type NoteChange,
  sameAsSynced,
  type Triage,
} from '../../sync/plan.js'
import { duplicateKey, newNoteKey } from './anki-duplicate-key.js'
import { readNotes } from './read-anki.js'
import type { SyncSession } from './sync-session.js'

type Removal = Triage['delete'][number]

export interface RemovalsInTheWay {
  /** The removals to delete before adding. */
  removals: Removal[]
  /** Their keys: a new note with one of them is not refused for it. */
  freed: Set<string>
}

/** Of `removals` (interrupted syncs' orphans left out), those to delete before `adding` is added. */
export async function removalsInTheWay(
  session: SyncSession,
  adding: readonly DesiredNote[],
  removals: readonly Removal[],
  models: ReadonlyMap<string, ModelChoice>,
): Promise<RemovalsInTheWay> {
  const found: RemovalsInTheWay = { removals: [], freed: new Set() }
  const candidates = removals.filter((removal) => removal.reason !== 'interrupted')
  if (adding.length > 0 && candidates.length > 0) {
    await removalsBeforeAdding(session, adding, candidates, models, found)
  }
  return found
}

/** Into `found`, the `candidates` in the way of `adding` (see removalsInTheWay). */
async function removalsBeforeAdding(
  session: SyncSession,
  adding: readonly DesiredNote[],
  candidates: readonly Removal[],
  models: ReadonlyMap<string, ModelChoice>,
  found: RemovalsInTheWay,
): Promise<void> {
  const byKey = new Map<string, DesiredNote[]>()
  for (const entry of adding) {
    const model = models.get(entry.note.noteType)
    if (model === undefined) continue
    const key = newNoteKey(entry, model)
    const same = byKey.get(key)
    if (same) same.push(entry)
    else byKey.set(key, [entry])
  }
  const notes = await readNotes(
    session.anki,
    candidates.map((removal) => removal.id),
    { cards: false },
  )
  const keyOf = new Map(
    notes.map((note) => [
      note.id,
      duplicateKey(note.modelName, Object.values(note.fields)[0] ?? ''),
    ]),
  )
  for (const removal of candidates) {
    const key = keyOf.get(removal.id)
    const colliding = key === undefined ? undefined : byKey.get(key)
    if (key === undefined || colliding === undefined) continue
    const synced = session.record.notes[String(removal.id)]
    // Its content is its fields: moved to a file of another deck or tags, it is the same note.
    const sameFields = (entry: DesiredNote) => {
      const model = models.get(entry.note.noteType)
      if (synced?.fields === undefined || model === undefined) return false
      return sameAsSynced(fieldsForModel(entry.fields, model.fields, labFieldName), synced.fields)
    }
    const anotherNote = (entry: DesiredNote) =>
      entry.note.source.absolutePath !== removal.file &&
      entry.hash !== synced?.hash &&
      !sameFields(entry)
    if (removal.reason === 'delete-marker' || colliding.every(anotherNote)) {
      found.removals.push(removal)
      found.freed.add(key)
    } else {
      for (const entry of colliding) {
        if (entry.note.source.absolutePath === removal.file || anotherNote(entry)) continue
        session.movedWithoutId.set(entry, { id: removal.id, file: removal.file })
      }
    }
  }
}

/**
 * The updates in the way of new notes: a note whose first field the sync
 * changes frees its old one, which a new note of its type may take (a block
 * renamed beside a new one with its old front, a line put above a regex
 * note's ID, which the plugin writes after the match). Anki refuses the new
 * note while the old text is there, so these updates are made before the
 * adds, and a dry run does not ask Anki about their old first fields.
 */
export function updatesInTheWay(
  adding: readonly DesiredNote[],
  changes: readonly NoteChange[],
  models: ReadonlyMap<string, ModelChoice>,
): { updates: NoteChange[]; freed: Set<string> } {
  const found = { updates: [] as NoteChange[], freed: new Set<string>() }
  const newKeys = new Set<string>()
  for (const entry of adding) {
    const model = models.get(entry.note.noteType)
    if (model !== undefined) newKeys.add(newNoteKey(entry, model))
  }
  if (newKeys.size === 0) return found
  for (const change of changes) {
    if (change.fields === null || change.ankiFields === null) continue
    // Both in the model's order: the first is its first field, unless the note lacks it.
    const first = Object.keys(change.ankiFields)[0]
    if (first === undefined || change.fields[first] === change.ankiFields[first]) continue
    const key = duplicateKey(change.modelName, change.ankiFields[first] ?? '')
    if (!newKeys.has(key)) continue
    found.updates.push(change)
    found.freed.add(key)
  }
  return found
}
