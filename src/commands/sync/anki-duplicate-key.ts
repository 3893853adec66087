/**
 * What Anki's duplicate check compares: a note type and first field. Anki
 * refuses a new note whose key a note in the collection has.
 */
import { labFieldName } from '../../model/note-types.js'
import type { ModelChoice } from '../../sync/anki-actions.js'
import { type DesiredNote, fieldsForModel } from '../../sync/plan.js'

/** A note type and first field: here exactly, but in NFC, as Anki since 2.1.28 stores a note's text. */
export function duplicateKey(modelName: string, firstField: string): string {
  return `${modelName}\u0000${firstField.normalize('NFC')}`
}

/** The key of `entry` as the sync would add it with `model`. */
export function newNoteKey(entry: DesiredNote, model: ModelChoice): string {
  const fields = fieldsForModel(entry.fields, model.fields, labFieldName)
  return duplicateKey(model.modelName, fields[model.fields[0] ?? ''] ?? '')
}

/**
 * Each of `entries` whose key a note before it has, with the first that
 * has it: added in this order, Anki takes the first and refuses the others.
 * Entries without a model are left out.
 */
export function laterDuplicates(
  entries: readonly DesiredNote[],
  models: ReadonlyMap<string, ModelChoice>,
): Map<DesiredNote, DesiredNote> {
  const firstWith = new Map<string, DesiredNote>()
  const later = new Map<DesiredNote, DesiredNote>()
  for (const entry of entries) {
    const model = models.get(entry.note.noteType)
    if (model === undefined) continue
    const key = newNoteKey(entry, model)
    const earlier = firstWith.get(key)
    if (earlier === undefined) firstWith.set(key, entry)
    else later.set(entry, earlier)
  }
  return later
}
