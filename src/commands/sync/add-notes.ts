/**
 * Adding the new notes. The record says a sync is under way before the
 * first `addNote`, and each batch's IDs are written into the notes as soon
 * as Anki gives them, so an interruption at any point leaves notes the next
 * run finds (by the pending tag) instead of adding them twice.
 */

import type { IdAssignment } from '../../ids/id-edits.js'
import { throwIfInterrupted } from '../../interrupt.js'
import { labFieldName } from '../../model/note-types.js'
import { addNoteAction, type ModelChoice } from '../../sync/anki-actions.js'
import type { ActionReply } from '../../sync/anki-connect.js'
import { chunks } from '../../sync/chunks.js'
import {
  type DesiredNote,
  fieldsForModel,
  fieldsModelLacks,
  losesLabLinks,
  syncedFieldsHash,
} from '../../sync/plan.js'
import { sentNoteKey } from '../../sync/recovery.js'
import type { AddingNote } from '../../sync/sync-record.js'
import { count } from '../../text/count.js'
import { laterDuplicates } from './anki-duplicate-key.js'
import { adoptRefused } from './recover-interrupted.js'
import { addedRef } from './sync-result.js'
import type { SyncSession } from './sync-session.js'

/** Notes per `multi` request when adding. */
const addBatch = 250
/** `addNote` batches in flight at once. */
const addConcurrency = 4

/**
 * The notes Anki has a note type to add with; each of the others is
 * refused at the note, with the reason (a dry run says it too).
 */
export function withModels(
  session: SyncSession,
  entries: readonly DesiredNote[],
  models: ReadonlyMap<string, ModelChoice>,
  failedModels: ReadonlyMap<string, string>,
): DesiredNote[] {
  const addable: DesiredNote[] = []
  // Notes whose type in Anki lacks fields they fill, by type and fields: one error for each.
  const lackingFields = new Map<
    string,
    { model: ModelChoice; names: string[]; notes: DesiredNote[] }
  >()
  for (const entry of entries) {
    const model = models.get(entry.note.noteType)
    const lacking = model ? fieldsModelLacks(entry, model.fields, labFieldName) : []
    if (model && lacking.length === 0) addable.push(entry)
    else if (model) {
      const key = JSON.stringify([model.modelName, lacking])
      const group = lackingFields.get(key) ?? { model, names: lacking, notes: [] }
      group.notes.push(entry)
      lackingFields.set(key, group)
    } else {
      session.reject(
        entry,
        failedModels.get(entry.note.noteType) ?? 'no note type to add it with',
        'Create that note type in Anki, or write a type Anki has in the block; the other notes are synced.',
        'note-type',
      )
    }
  }
  for (const group of lackingFields.values()) rejectLackingFields(session, group)
  return addable
}

/**
 * Refuse new notes whose note type in Anki lacks fields they fill (a field
 * renamed there): one error, at the first of them, says how many.
 */
function rejectLackingFields(
  session: SyncSession,
  { model, names, notes }: { model: ModelChoice; names: string[]; notes: DesiredNote[] },
): void {
  const [first, ...rest] = notes
  if (!first) return
  const listed = names.map((name) => `\`${name}\``).join(', ')
  const has = model.fields.map((name) => `\`${name}\``).join(', ')
  const others =
    rest.length === 0
      ? ''
      : `; ${count(rest.length, 'other new note')} of that type ${rest.length === 1 ? 'is' : 'are'} left out too`
  session.reject(
    first,
    `Anki's note type \`${model.modelName}\` has no field ${listed} (it has ${has}), and the note's text there would be dropped${others}`,
    `Give that note type in Anki its field ${listed} back (Tools → Manage Note Types → Fields…, Rename), or write another note type in the block; the other notes are synced.`,
    'note-type',
  )
  for (const entry of rest) session.rejected.add(entry)
}

/**
 * Add the new notes batch by batch; returns how many were added but could
 * not get their ID written, and the refused notes found in Anki (adopted).
 */
export async function addNotes(
  session: SyncSession,
  entries: readonly DesiredNote[],
  models: ReadonlyMap<string, ModelChoice>,
  failedModels: ReadonlyMap<string, string>,
  /** Deck → its name as Anki spells it (`ensureDecks`). */
  deckNames: ReadonlyMap<string, string> = new Map(),
): Promise<{ notWritten: number; adopted: DesiredNote[] }> {
  const addable = withModels(session, entries, models, failedModels)
  if (addable.length === 0) return { notWritten: 0, adopted: [] }
  // What this sync is adding, saved before the first `addNote`: only such notes may ever be
  // deleted by the recovery of an interrupted sync (see sync/recovery.ts).
  const adding = new Map<DesiredNote, AddingNote>()
  const sentFields = new Map<DesiredNote, string>()
  for (const entry of addable) {
    const model = models.get(entry.note.noteType) as ModelChoice
    const fields = fieldsForModel(entry.fields, model.fields, labFieldName)
    adding.set(entry, {
      file: entry.note.source.absolutePath,
      key: sentNoteKey(model.modelName, fields),
    })
    sentFields.set(entry, syncedFieldsHash(fields))
  }
  session.record.adding = [...(session.record.adding ?? []), ...adding.values()]
  session.record.pending = true
  await session.save()
  // Refused notes, with Anki's reason: some may be in Anki already (see adoptRefused).
  const refused = new Map<DesiredNote, string>()
  const progress = session.options.onProgress
  let sent = 0
  progress?.(`adding notes 0/${addable.length}…`)
  const send = async (batch: readonly DesiredNote[]) => {
    const actions = batch.map((entry) => {
      const model = models.get(entry.note.noteType) as ModelChoice
      if (losesLabLinks(entry, model.fields, labFieldName)) session.labsDropped.push(entry)
      return addNoteAction(entry, model, labFieldName, deckNames.get(entry.deck))
    })
    const replies = await session.anki.multi(actions)
    return async () => {
      const count = await recordAdded(session, batch, replies, { refused, adding, sentFields })
      sent += batch.length
      progress?.(`adding notes ${sent}/${addable.length}…`)
      return count
    }
  }
  // Batches go in parallel, and Anki takes whichever it reads first (a short last batch,
  // often): a note whose first field a note before it has waits for the first round, so
  // Anki keeps the first, as a dry run foresees (foresee-refusals.ts).
  const later = laterDuplicates(addable, models)
  let notWritten = 0
  for (const round of [
    addable.filter((entry) => !later.has(entry)),
    addable.filter((entry) => later.has(entry)),
  ]) {
    throwIfInterrupted(session.options.signal)
    const { signal } = session.options
    notWritten += await sendInParallel(chunks(round, addBatch), addConcurrency, signal, send)
  }
  // Interrupted: every batch sent was recorded above; stop before the next step.
  throwIfInterrupted(session.options.signal)
  const found = await adoptRefused(session, [...refused.keys()])
  for (const entry of found.refused) {
    const reason = refused.get(entry) as string
    session.reject(entry, reason, refusalHint(entry, reason, later, adding))
  }
  return { notWritten, adopted: found.adopted }
}

/**
 * What to do about a note Anki refused: a duplicate of a note this sync added
 * just before names it; of a note Anki had, says where to find it, as a dry
 * run does (foresee-refusals.ts); anything else, the general hint.
 */
function refusalHint(
  entry: DesiredNote,
  reason: string,
  later: ReadonlyMap<DesiredNote, DesiredNote>,
  adding: ReadonlyMap<DesiredNote, AddingNote>,
): string | undefined {
  const earlier = later.get(entry)
  const id = earlier === undefined ? undefined : adding.get(earlier)?.id
  if (earlier !== undefined && id !== undefined) {
    return `Note ${id}, added just before from ${earlier.note.source.file}, has this note type and first field: change one of the two first fields and sync again; the other notes were synced.`
  }
  if (!/duplicate/i.test(reason)) return undefined
  return "Anki has a note of this type with this first field: change this note's first field, or that note in Anki (the Browse window finds it by its first field), and sync again; the other notes were synced."
}

/**
 * Send the batches, `concurrency` at a time: AnkiConnect reads each
 * connection in small slices per tick, so parallel connections add up.
 * Each reply's handler runs one at a time, in the order the replies came;
 * returns the sum of what the handlers return. Once `signal` fires, or a
 * batch or its handler fails (Anki unreachable or silent, a note that
 * cannot be written), no new batch starts, and the ones in flight are still
 * answered and handled before the first failure is thrown: a reply handled
 * after the sync ended would write IDs into notes whose lock it no longer
 * holds.
 */
async function sendInParallel<T>(
  batches: readonly T[],
  concurrency: number,
  signal: AbortSignal | undefined,
  send: (batch: T) => Promise<() => Promise<number>>,
): Promise<number> {
  let total = 0
  let next = 0
  let settled: Promise<void> = Promise.resolve()
  let failure: { error: unknown } | undefined
  const worker = async () => {
    while (next < batches.length && !signal?.aborted && !failure) {
      try {
        const handle = await send(batches[next++] as T)
        const handled = settled.then(handle)
        settled = handled.then(
          (count) => {
            total += count
          },
          () => undefined,
        )
        await handled
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker))
  await settled
  if (failure) throw failure.error
  return total
}

/** One batch's replies: write the IDs Anki gave, record the notes, keep the refusals; returns how many IDs could not be written. */
async function recordAdded(
  session: SyncSession,
  batch: readonly DesiredNote[],
  replies: readonly ActionReply[],
  notes: {
    refused: Map<DesiredNote, string>
    adding: ReadonlyMap<DesiredNote, AddingNote>
    /** `syncedFieldsHash` of the fields each note was sent with. */
    sentFields: ReadonlyMap<DesiredNote, string>
  },
): Promise<number> {
  const { refused, adding } = notes
  const assignments: IdAssignment[] = []
  const added = new Map<IdAssignment, DesiredNote>()
  const notAdded = new Set<AddingNote>()
  replies.forEach((reply, index) => {
    const entry = batch[index] as DesiredNote
    const sent = adding.get(entry) as AddingNote
    if (!reply.ok || typeof reply.result !== 'number') {
      refused.set(entry, reply.ok ? 'no note id in the reply' : reply.error)
      notAdded.add(sent)
      return
    }
    sent.id = reply.result
    const assignment = { note: entry.note, id: reply.result }
    assignments.push(assignment)
    added.set(assignment, entry)
  })
  if (notAdded.size > 0) {
    session.record.adding = session.record.adding?.filter((entry) => !notAdded.has(entry))
  }
  const { written, diagnostics } = await session.ids.write(assignments)
  session.diagnostics.push(...diagnostics)
  for (const assignment of written) {
    const entry = added.get(assignment) as DesiredNote
    session.remember(entry, assignment.id, notes.sentFields.get(entry))
    session.pendingToClear.add(assignment.id)
    session.result.added.push(addedRef(entry, assignment.id))
  }
  await session.save()
  return assignments.length - written.length
}
