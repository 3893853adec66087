/**
 * Edits made in Anki, kept before the sync replaces them. The Markdown is
 * what Anki gets (as with the plugin): a note changed there is written over
 * in Anki. But its fields may have been edited in Anki since the last sync
 * (the record keeps a hash of them as synced, `SyncedNote.fields`), and
 * that text would be lost. So Anki's text of those fields is appended to a
 * file beside the sync record first, and the note is warned of
 * (`anki-edit-replaced`); a dry run warns and writes nothing.
 */

import { basename, dirname, join } from 'node:path'
import { createNoteReporter } from '../../diagnostics/reporter.js'
import { DecklabError } from '../../errors.js'
import { appendStateLines } from '../../quiz/json-lines.js'
import { StateNotWritableError } from '../../quiz/state-errors.js'
import { fieldsHash, type NoteChange } from '../../sync/plan.js'
import { count } from '../../text/count.js'
import { relativeTo } from '../../text/relative-path.js'
import type { SyncSession } from './sync-session.js'

/** The file, beside the sync record, that keeps the Anki text a sync replaced. */
function ankiEditsPath(recordPath: string): string {
  return join(dirname(recordPath), `${basename(recordPath, '.json')}.anki-edits.jsonl`)
}

/** Of `changes`, those that replace fields edited in Anki since the last sync. */
function editedInAnki(session: SyncSession, changes: readonly NoteChange[]): NoteChange[] {
  return changes.filter((change) => {
    const synced = session.record.notes[String(change.id)]?.fields
    return (
      change.ankiFields !== null && synced !== undefined && fieldsHash(change.ankiFields) !== synced
    )
  })
}

/** Keep Anki's text of the edited notes among `changes` (not in a dry run), and warn of each. */
export function keepAnkiEdits(session: SyncSession, changes: readonly NoteChange[]): void {
  const edited = editedInAnki(session, changes)
  if (edited.length === 0) return
  const { options } = session
  const path = ankiEditsPath(session.recordPath)
  if (!options.dryRun) keep(path, edited, options.now)
  const shown = relativeTo(options.cwd, path)
  for (const change of edited) {
    createNoteReporter(change.desired.note, session.diagnostics).warning(
      'anki-edit-replaced',
      options.dryRun
        ? `Unexpected edit in Anki of note ${change.id} since the last sync, expected Anki's copy as synced: a sync would replace it with this note's text, after keeping Anki's in ${shown}`
        : `Unexpected edit in Anki of note ${change.id} since the last sync, expected Anki's copy as synced: it was replaced with this note's text, and Anki's is kept in ${shown}`,
      {
        hint: 'Edit notes in the Markdown: sync makes Anki match it. Bring what you want of the Anki edit into this note from that file (one JSON line per note: id, file, fields).',
      },
    )
  }
}

/** Append Anki's text of `edited`; one that cannot be kept stops the sync before any is replaced. */
function keep(path: string, edited: readonly NoteChange[], now: Date): void {
  const lines = edited.map((change) => ({
    id: change.id,
    file: change.desired.note.source.absolutePath,
    fields: change.ankiFields,
  }))
  try {
    appendStateLines(dirname(path), basename(path), lines, now, (code) => code)
  } catch (error) {
    if (!(error instanceof StateNotWritableError)) throw error
    const code = (error.cause as NodeJS.ErrnoException | undefined)?.code ?? 'error'
    throw new DecklabError(
      'state-not-writable',
      `Cannot keep Anki's text of ${count(edited.length, 'note')} edited in Anki in ${path} (${code}), expected a writable state folder: no note was updated, so nothing edited in Anki was replaced. Make it writable (or choose another with --state) and sync again.`,
      { cause: error },
    )
  }
}
