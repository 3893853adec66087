/**
 * Notes that take back the ID the record knows them by (a file put back to
 * an older ID or to none, or an ID line lost while the note was edited),
 * instead of being added again while their twin in Anki is deleted as
 * removed.
 */
import { join } from 'node:path'
import { createNoteReporter } from '../../diagnostics/reporter.js'
import { DecklabError } from '../../errors.js'
import { type IdMove, idMovesFileName, readIdMoves } from '../../quiz/id-moves.js'
import { type DesiredNote, noteTypeMismatch } from '../../sync/plan.js'
import {
  matchByFirstField,
  matchRecordedNotes,
  type RecordedMatch,
  unheldRecordedNotes,
} from '../../sync/recovery.js'
import { adopt, withIds } from './adopt-ids.js'
import { expectedModel } from './note-type-mismatch.js'
import { readNotes } from './read-anki.js'
import type { SyncSession } from './sync-session.js'

/**
 * Give back their IDs to notes the record knows by file and content, or by
 * the ID moves (see matchRecordedNotes), or, without an ID, by note type and
 * first field in the same file (see matchByFirstField), each with a warning;
 * the vault's notes with the IDs.
 */
export async function reclaimRecordedIds(
  session: SyncSession,
  desired: DesiredNote[],
  ankiIds: ReadonlySet<number>,
): Promise<DesiredNote[]> {
  // The moves are read only for a note whose ID Anki lacks.
  const lacking = desired.some((entry) => entry.id !== null && !ankiIds.has(entry.id))
  const moves = lacking ? movedFrom(session) : undefined
  // A partial sync's: an ID a file of the rest of the vault holds is that note's (copied there
  // with its ID), never taken back here, where it would be written twice (as a partial build).
  const elsewhere = session.loaded.usedElsewhere ?? new Set<number>()
  const matches = matchRecordedNotes(desired, session.record, ankiIds, moves).filter(
    (match) => !elsewhere.has(match.id),
  )
  matches.push(...(await firstFieldMatches(session, desired, ankiIds, matches, elsewhere)))
  if (matches.length === 0) return desired
  const reclaimed = new Map<DesiredNote['note'], number>()
  if (session.options.dryRun) {
    for (const { desired: entry, id } of matches) reclaimed.set(entry.note, id)
  } else {
    for (const [note, id] of await adopt(session, matches)) reclaimed.set(note, id)
  }
  for (const { desired: entry, id, by } of matches) {
    if (!reclaimed.has(entry.note)) continue
    const why =
      by === 'content'
        ? 'the note synced from this file with this content'
        : by === 'first-field'
          ? 'same first field in the same file (the note synced from this file under that ID, of this note type, is gone from it; its other fields are updated)'
          : `the note synced from this file under it, and another Anki's sync moved it to ${entry.id}`
    createNoteReporter(entry.note, session.diagnostics).warning(
      'id-restored',
      `Unexpected ${entry.id === null ? 'note without an ID' : `ID ${entry.id}, which Anki does not have`}, expected ${id}: ${why}, so it takes that ID back${session.options.dryRun ? ' (a sync would write it)' : ''}`,
      {
        hint:
          by === 'first-field'
            ? 'An ID line lost while the note was edited (a synced-folder conflict copy, an editor saving over the file after decklab wrote the ID) looks like this; its note in Anki is updated in place, with its review history.'
            : 'A file put back to an older version, or synced meanwhile into another Anki, looks like this; its note in Anki is kept, with its review history.',
      },
    )
  }
  return withIds(desired, (entry) => reclaimed.get(entry.note))
}

/**
 * Notes without an ID that take back, by note type and first field, the ID
 * of a note the record has from their file and no vault note holds nor
 * `DELETE` block names (see matchByFirstField); `matched`: the notes matched
 * already, left out; `elsewhere`: the IDs of the rest of a partial sync's vault.
 */
async function firstFieldMatches(
  session: SyncSession,
  desired: readonly DesiredNote[],
  ankiIds: ReadonlySet<number>,
  matched: readonly RecordedMatch[],
  elsewhere: ReadonlySet<number>,
): Promise<RecordedMatch[]> {
  const taken = new Set(matched.map((match) => match.id))
  const matchedNotes = new Set(matched.map((match) => match.desired))
  const lacking = desired.filter(
    (entry) => !matchedNotes.has(entry) && (entry.id === null || !ankiIds.has(entry.id)),
  )
  const files = new Set(
    lacking.filter((entry) => entry.id === null).map((entry) => entry.note.source.absolutePath),
  )
  if (files.size === 0) return []
  // A note marked `DELETE` is gone on purpose: a new note with its first field is a new note.
  const marked = new Set(session.loaded.markers.map((marker) => marker.id))
  const gone = new Map<number, string>()
  for (const [id, synced] of unheldRecordedNotes(desired, session.record, ankiIds)) {
    if (taken.has(id) || marked.has(id) || elsewhere.has(id)) continue
    if (files.has(synced.file)) gone.set(id, synced.file)
  }
  if (gone.size === 0) return []
  const notes = await readNotes(session.anki, [...gone.keys()], { cards: false })
  return matchByFirstField(
    lacking,
    notes.map((note) => ({ note, file: gone.get(note.id) as string })),
    (entry, note) => noteTypeMismatch(entry, note, expectedModel(entry.note)) === undefined,
  )
}

/** The ID moves sync noted in the state directory (see quiz/id-moves.ts): new ID → the IDs before it. */
function movedFrom(session: SyncSession): Map<number, number[]> {
  const moved = new Map<number, number[]>()
  let moves: IdMove[]
  try {
    moves = readIdMoves(join(session.options.stateDirectory, idMovesFileName))
  } catch (error) {
    // A help, not a need: a file that cannot be read is reported when the sync writes to it.
    if (error instanceof DecklabError) return moved
    throw error
  }
  for (const { from, to } of moves) {
    const froms = moved.get(to)
    if (froms) froms.push(from)
    else moved.set(to, [from])
  }
  return moved
}
