/**
 * What a dry run says of the notes a sync would add: the ones Anki would
 * refuse are refused at the note (`anki-rejected`), as the real sync
 * refuses them, instead of being listed as added. Anki refuses a note
 * whose first field is the first field of a note of the same type: one in
 * Anki already (AnkiConnect's read-only `canAddNotes` asks Anki's own
 * check), or one this sync adds before it. (An empty first field is an
 * error before sync asks Anki anything: `missing-first-field`.)
 */

import { labFieldName } from '../../model/note-types.js'
import { addNoteAction, type ModelChoice } from '../../sync/anki-actions.js'
import { AnkiError } from '../../sync/anki-connect.js'
import { chunks } from '../../sync/chunks.js'
import type { DesiredNote, NoteChange, Triage } from '../../sync/plan.js'
import { laterDuplicates, newNoteKey } from './anki-duplicate-key.js'
import { removalsInTheWay, updatesInTheWay } from './removals-in-the-way.js'
import type { SyncSession } from './sync-session.js'

/** Notes per `canAddNotes` request, as `addNote` batches. */
const askBatch = 250

/** What each hint ends with: the rest of the sync goes on. */
const othersGoOn = 'a sync without --dry-run adds the other notes.'

/**
 * Of `addable` (each with a model), the notes Anki would take; the others
 * are refused at the note. `existingModels` are the note types Anki has
 * now (a type a sync would create holds no note yet); `removals` are the
 * notes the sync deletes.
 */
export async function foreseeRefusals(
  session: SyncSession,
  addable: readonly DesiredNote[],
  models: ReadonlyMap<string, ModelChoice>,
  existingModels: ReadonlySet<string>,
  removals: Triage['delete'],
  updates: readonly NoteChange[],
): Promise<DesiredNote[]> {
  // Removals the sync deletes, and updates it makes, before adding: Anki's answer for
  // their first fields is not the sync's.
  const { freed } = await removalsInTheWay(session, addable, removals, models)
  for (const key of updatesInTheWay(addable, updates, models).freed) freed.add(key)
  const refused = new Set<DesiredNote>()
  const keys = new Map(
    addable.map((entry) => [
      entry,
      newNoteKey(entry, models.get(entry.note.noteType) as ModelChoice),
    ]),
  )
  // A note this sync adds first takes the first field: Anki refuses the later ones.
  for (const [entry, earlier] of laterDuplicates(addable, models)) {
    refused.add(entry)
    session.reject(
      entry,
      `the new note at ${earlier.note.source.file}:${earlier.note.source.line}, added first, has this note type and first field`,
      `Change one of the two first fields; ${othersGoOn}`,
      'foreseen',
    )
  }
  // The orphans of an interrupted sync are deleted before anything is added; a note
  // of theirs may hold the first field now, so Anki's answer would not be the sync's.
  if (session.orphans.length === 0) {
    const asked = addable.filter(
      (entry) =>
        !refused.has(entry) &&
        existingModels.has((models.get(entry.note.noteType) as ModelChoice).modelName) &&
        !freed.has(keys.get(entry) as string),
    )
    for (const entry of await refusedByAnki(session, asked, models)) {
      refused.add(entry)
      session.reject(
        entry,
        'Anki has a note of this type with this first field (its `canAddNotes` says so)',
        `Change its first field, or that note in Anki (the Browse window finds it by its first field); ${othersGoOn}`,
        'foreseen',
      )
    }
  }
  return addable.filter((entry) => !refused.has(entry))
}

/**
 * The notes Anki's `canAddNotes` says no to. Anki's duplicate check looks
 * at the note type, not the deck, so a deck the sync would create is asked
 * as one Anki has. An AnkiConnect without the action: none (said nothing of).
 */
async function refusedByAnki(
  session: SyncSession,
  entries: readonly DesiredNote[],
  models: ReadonlyMap<string, ModelChoice>,
): Promise<DesiredNote[]> {
  if (entries.length === 0) return []
  const { anki } = session
  const decks = new Set(await anki.call<string[]>('deckNames'))
  const anyDeck = [...decks][0] ?? 'Default'
  const refused: DesiredNote[] = []
  for (const batch of chunks(entries, askBatch)) {
    const notes = batch.map((entry) => {
      const action = addNoteAction(
        entry,
        models.get(entry.note.noteType) as ModelChoice,
        labFieldName,
      )
      const note = (action.params as { note: { deckName: string } }).note
      return decks.has(note.deckName) ? note : { ...note, deckName: anyDeck }
    })
    let answers: unknown
    try {
      answers = await anki.call<boolean[]>('canAddNotes', { notes })
    } catch (error) {
      if (error instanceof AnkiError) return refused
      throw error
    }
    if (!Array.isArray(answers)) return refused
    batch.forEach((entry, index) => {
      if (answers[index] === false) refused.push(entry)
    })
  }
  return refused
}
