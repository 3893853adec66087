/**
 * Anki's text, kept before the sync replaces it. The Markdown is what Anki
 * gets (as with the plugin): a note changed there is written over in Anki.
 * Two kinds of note may hold text made in Anki that would then be lost:
 * - a note edited in Anki since the last sync (the record keeps a hash of
 *   its fields as synced, `SyncedNote.fields`): warned of at the note
 *   (`anki-edit-replaced`);
 * - a note the record has no copy of (a plugin vault's first sync, a second
 *   machine's, a record an older decklab wrote, or a sync interrupted before
 *   it recorded the note): whether
 *   Anki's text, tags or decks are an edit cannot be told, and on a plugin vault's
 *   first sync nearly every note differs (the plugin's HTML is not decklab's),
 *   so a warning each would bury the rest; they are counted in the report.
 * Both are appended to a file beside the sync record first; a dry run says
 * so and writes nothing.
 */

import { basename, dirname, join } from 'node:path'
import { createNoteReporter } from '../../diagnostics/reporter.js'
import { DecklabError } from '../../errors.js'
import { appendStateLines } from '../../quiz/json-lines.js'
import { StateNotWritableError } from '../../quiz/state-errors.js'
import { type NoteChange, sameAsSynced } from '../../sync/plan.js'
import { count } from '../../text/count.js'
import { relativeTo } from '../../text/relative-path.js'
import type { SyncSession } from './sync-session.js'

/** The file, beside the sync record, that keeps the Anki text a sync replaced. */
export function ankiEditsPath(recordPath: string): string {
  return join(dirname(recordPath), `${basename(recordPath, '.json')}.anki-edits.jsonl`)
}

/** Why Anki's copy of a note is kept before a change replaces it. */
type KeptBecause = 'edited-in-anki' | 'unrecorded'

/**
 * Whether `change` replaces text in Anki that may be an edit made there:
 * fields edited since the last sync, or, for a note the record has no
 * fields hash of, any fields or tags it replaces or removes, or cards it
 * moves to another deck.
 */
function keptBecause(session: SyncSession, change: NoteChange): KeptBecause | null {
  const synced = session.record.notes[String(change.id)]?.fields
  if (synced === undefined) {
    const replaces =
      change.ankiFields !== null || change.removeTags.length > 0 || change.moveCards.length > 0
    return replaces ? 'unrecorded' : null
  }
  // The plugin's spelling of what decklab wrote (`<br />`, `"`: left unchanged, see equivalent-html.ts) is no edit.
  return change.ankiFields !== null && !sameAsSynced(change.ankiFields, synced)
    ? 'edited-in-anki'
    : null
}

interface Kept {
  change: NoteChange
  because: KeptBecause
}

/** Keep Anki's text of the notes among `changes` it may have been edited in (not in a dry run), and say so. */
export function keepAnkiEdits(session: SyncSession, changes: readonly NoteChange[]): void {
  const kept: Kept[] = []
  for (const change of changes) {
    const because = keptBecause(session, change)
    if (because !== null) kept.push({ change, because })
  }
  if (kept.length === 0) return
  const { options } = session
  const path = ankiEditsPath(session.recordPath)
  if (!options.dryRun) keep(path, kept, options.now)
  const unrecorded = kept.flatMap((entry) =>
    entry.because === 'unrecorded' ? [entry.change.id] : [],
  )
  // Counted over the calls of a sync (updates made before the adds, then the rest).
  const before = session.result.unrecordedKept?.ids ?? []
  if (unrecorded.length > 0) {
    const ids = [...before, ...unrecorded]
    session.result.unrecordedKept = { notes: ids.length, file: path, ids }
  }
  const shown = relativeTo(options.cwd, path)
  for (const { change, because } of kept) {
    if (because !== 'edited-in-anki') continue
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

/** Append Anki's text of `kept`; one that cannot be kept stops the sync before any is replaced. */
function keep(path: string, kept: readonly Kept[], now: Date): void {
  const lines = kept.map(({ change, because }) => ({
    id: change.id,
    file: change.desired.note.source.absolutePath,
    because,
    fields: change.ankiFields ?? {},
    ...(because === 'unrecorded' && change.removeTags.length > 0
      ? { removedTags: change.removeTags }
      : {}),
    ...(because === 'unrecorded' && change.movedFrom.length > 0
      ? { movedFromDecks: change.movedFrom }
      : {}),
  }))
  try {
    appendStateLines(dirname(path), basename(path), lines, now, (code) => code)
  } catch (error) {
    if (!(error instanceof StateNotWritableError)) throw error
    const code = (error.cause as NodeJS.ErrnoException | undefined)?.code ?? 'error'
    throw new DecklabError(
      'state-not-writable',
      `Cannot keep Anki's text of ${count(kept.length, 'note')} in ${path} (${code}), expected a writable state folder: no note was updated, so none of Anki's text was replaced. Make it writable (or choose another with --state) and sync again.`,
      { cause: error },
    )
  }
}
