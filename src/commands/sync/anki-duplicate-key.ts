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
