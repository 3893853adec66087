/**
 * What a sync did (or, with `--dry-run`, would do): the `--json` document
 * and what the report prints. Notes are named by file and line.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import type { DesiredNote, NoteChange, Triage } from '../../sync/plan.js'
import { compareStrings } from '../../text/compare-strings.js'
import { relativeTo } from '../../text/relative-path.js'

/** A note named in the result: where it is and its Anki id. */
export interface NoteRef {
  file: string
  line: number
  id: number | null
}

/**
 * A note updated: the fields whose text it changes (by name, in the note
 * type's order; fields only spelled anew are not named) and the tags it
 * adds and removes, so a plan says why each note is rewritten.
 */
export interface UpdatedRef extends NoteRef {
  fields: string[]
  addTags: string[]
  removeTags: string[]
}

export interface SyncResult {
  url: string
  dryRun: boolean
  record: string
  added: Array<NoteRef & { deck: string; previousId: number | null }>
  updated: UpdatedRef[]
  moved: Array<NoteRef & { deck: string; cards: number }>
  /** Notes compared whose cards (`cards` of them) are in a filtered deck: left there, and compared again next time. */
  inFilteredDecks: Array<NoteRef & { cards: number }>
  /**
   * Notes the record had no copy of (never synced by decklab, or their last
   * sync interrupted) whose text or tags in Anki the sync replaced: Anki's
   * are kept in `file` first (not in a dry run); `ids` are theirs.
   */
  unrecordedKept: { notes: number; file: string; ids: number[] } | null
  /**
   * Notes left as Anki has them, as Obsidian_to_Anki would: their fields the
   * record has no hash of, in a file unchanged since the plugin's last sync
   * (plugin-unchanged.ts). `fields`, `addTags`, `removeTags` and `cards` (to
   * move) say what a sync would otherwise have changed.
   */
  leftAsAnkiHasThem: Array<UpdatedRef & { cards: number }>
  deleted: Array<{ id: number; file: string; reason: string }>
  media: string[]
  createdNoteTypes: string[]
  /** Notes an interrupted sync had added, now found and given their IDs. */
  recovered: number
  /** Notes Anki took whose IDs could not be written into their files (the next sync finds them). */
  pending: number
  unchanged: number
  requests: number
  writes: number
  diagnostics: Diagnostic[]
}

export function noteRef(desired: DesiredNote, id: number | null = desired.id): NoteRef {
  return { file: desired.note.source.file, line: desired.note.source.line, id }
}

/** A new note in the result: under the ID Anki gave it (null in a dry run). */
export function addedRef(entry: DesiredNote, id: number | null): SyncResult['added'][number] {
  return { ...noteRef(entry, id), deck: entry.deck, previousId: entry.id }
}

export function emptyResult(
  options: { url: URL; dryRun: boolean },
  diagnostics: readonly Diagnostic[],
): SyncResult {
  return {
    url: options.url.href,
    dryRun: options.dryRun,
    record: '',
    added: [],
    updated: [],
    moved: [],
    inFilteredDecks: [],
    unrecordedKept: null,
    leftAsAnkiHasThem: [],
    deleted: [],
    media: [],
    createdNoteTypes: [],
    recovered: 0,
    pending: 0,
    unchanged: 0,
    requests: 0,
    writes: 0,
    diagnostics: [...diagnostics],
  }
}

/**
 * Put the planned updates, moves and deletions in the result, and the count
 * of unchanged notes (by the record, or equal to Anki's copy).
 */
export function describePlan(
  result: SyncResult,
  triage: Triage,
  changes: readonly NoteChange[],
  writes: readonly NoteChange[],
  cwd: string,
): void {
  result.unchanged = triage.unchanged.length + changes.length - writes.length
  for (const change of writes) {
    if (change.fields || change.addTags.length > 0 || change.removeTags.length > 0) {
      result.updated.push({
        ...noteRef(change.desired),
        fields: change.fields ? change.changedFields : [],
        addTags: change.addTags,
        removeTags: change.removeTags,
      })
    }
    if (change.moveCards.length > 0) {
      result.moved.push({
        ...noteRef(change.desired),
        deck: change.desired.deck,
        cards: change.moveCards.length,
      })
    }
  }
  for (const change of changes) {
    if (change.inFilteredDeck.length === 0) continue
    result.inFilteredDecks.push({ ...noteRef(change.desired), cards: change.inFilteredDeck.length })
  }
  result.deleted = triage.delete.map((entry) => ({
    id: entry.id,
    file: relativeTo(cwd, entry.file),
    reason: entry.reason,
  }))
}

/** Name every note of the result at the line `place` gives (where the file has it once IDs are written). */
export function placeNotes(
  result: SyncResult,
  place: <T extends NoteRef>(refs: readonly T[]) => T[],
): void {
  result.added = place(result.added)
  result.updated = place(result.updated)
  result.moved = place(result.moved)
  result.inFilteredDecks = place(result.inFilteredDecks)
  result.leftAsAnkiHasThem = place(result.leftAsAnkiHasThem)
}

/** The added notes in file and line order (batches may finish in any order). */
export function sortAdded(result: SyncResult): void {
  result.added.sort((a, b) => compareStrings(a.file, b.file) || a.line - b.line)
}
