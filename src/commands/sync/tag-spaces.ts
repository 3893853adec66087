/**
 * The note types' templates, asked of Anki only when a note differs from
 * Anki's copy in nothing but the spaces the plugin's "Add Obsidian Tags"
 * left where it took out a `#tag` (`NoteChange.tagSpacesOnly`): such a note
 * is left as Anki has it where its type shows no space at the field's edges
 * (hidden-spaces.ts). Each note type's templates and styling are asked once
 * a sync, both read-only.
 */
import { type CardTemplate, fieldsHidingEdgeSpaces } from '../../sync/hidden-spaces.js'
import type { AnkiNote } from '../../sync/plan.js'
import type { SyncSession } from './sync-session.js'

const asked = new WeakMap<SyncSession, Map<string, Promise<ReadonlySet<string>>>>()

/** The fields of `note`'s type whose edge spaces no card of it shows. */
export function fieldsHidingTagSpaces(
  session: SyncSession,
  note: AnkiNote,
): Promise<ReadonlySet<string>> {
  let byModel = asked.get(session)
  if (byModel === undefined) {
    byModel = new Map()
    asked.set(session, byModel)
  }
  let fields = byModel.get(note.modelName)
  if (fields === undefined) {
    fields = readHidingFields(session, note.modelName, Object.keys(note.fields))
    byModel.set(note.modelName, fields)
  }
  return fields
}

async function readHidingFields(
  session: SyncSession,
  modelName: string,
  fields: readonly string[],
): Promise<ReadonlySet<string>> {
  const [templates, styling] = await session.anki.multi([
    { action: 'modelTemplates', params: { modelName } },
    { action: 'modelStyling', params: { modelName } },
  ])
  // An Anki that cannot say (a type renamed meanwhile): every space is taken as shown.
  if (!templates?.ok || !styling?.ok) return new Set()
  const css = (styling.result as { css?: unknown } | null)?.css
  return fieldsHidingEdgeSpaces(
    fields,
    templates.result as Record<string, CardTemplate>,
    typeof css === 'string' ? css : '',
  )
}
