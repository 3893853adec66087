/**
 * What the last build's record adds to a report: the warnings of notes whose
 * type or deck changed or that lost cards since (`build` says them as it
 * stamps the notes), the notes removed since, and a moved or damaged record.
 * `check` reads the record as `build --dry-run` does, read-only, so it reports
 * them too; reading it costs only when a record is there.
 */
import { type Diagnostic, hasErrors } from '../../diagnostics/diagnostic.js'
import type { IdPlace } from '../../ids/allocate.js'
import { idNotInCardWarning } from '../../ids/id-not-in-card.js'
import type { IdentifiedNote } from '../../model/identity.js'
import type { BuildState, ContentStamp, OutputRecord } from '../../rebuild/build-state.js'
import { cardsGoneWarnings } from './cards-gone.js'
import { deckChangeWarnings } from './deck-changes.js'
import { noteTypeChangeWarnings } from './note-type-changes.js'
import { notetypeCss } from './notetype-css.js'
import { defaultOutputPath } from './output-path.js'
import { isPartialBuild } from './partial-build.js'
import type { PreparedNotes } from './prepare-notes.js'
import {
  outdatedElsewhere,
  type PreviousState,
  previousState,
  type ReadOwnRecord,
} from './previous-state.js'
import {
  addCardsGone,
  addTypeOrDeckChange,
  deletedIds,
  goneNotes,
  idPlaceIn,
  mayLoseCards,
  noRecordChanges,
  type RecordChanges,
} from './record-changes.js'

/** The warnings of the changes Anki's import does not follow, as `build` orders them. */
export function recordChangeWarnings(changes: RecordChanges): Diagnostic[] {
  return [
    ...noteTypeChangeWarnings(changes.typeChanged),
    ...deckChangeWarnings(changes.deckChanged),
    ...cardsGoneWarnings(changes.cardsGone),
  ]
}

/** The warnings for gone notes whose ID is still written in a file (not named removed). */
export function stillWrittenWarnings(
  stillWritten: ReadonlyArray<{ id: number; place: IdPlace }>,
): Diagnostic[] {
  return stillWritten.map(({ id, place }) =>
    idNotInCardWarning(id, place, {
      outcome: 'it is not named removed',
      again: 'build the note again',
      otherwise: 'named removed',
    }),
  )
}

/**
 * What the record of the package `build` would write (its default name, as
 * `check` has no `-o`) says of `prepared`: the diagnostics `build` adds from
 * it, in its order, and the notes it would name removed. `cardsOf` gives a
 * note's cards as the package makes them (`note-cards.ts`), which are
 * compared with the record's.
 */
export async function recordReport(
  prepared: PreparedNotes,
  options: { cwd: string; paths: string[] },
  cardsOf: (note: IdentifiedNote) => readonly number[],
  readOwn?: ReadOwnRecord,
): Promise<{ diagnostics: Diagnostic[]; removed: number[] }> {
  const { notes, vault } = prepared
  const partial = isPartialBuild(options.cwd, options.paths, vault.files)
  const output = defaultOutputPath(
    options.cwd,
    notes.map((note) => note.deck),
    partial,
  )
  const guids = () => notes.map((note) => note.guid)
  const previous = await previousState(
    options.cwd,
    output,
    { dryRun: true, mayHaveMoved: !partial },
    guids,
    { readOwn },
  )
  const { state } = previous
  const diagnostics: Diagnostic[] = []
  let removed: number[] = []
  if (Object.keys(state.notes).length > 0) {
    const stampOf = stampFinder(state)
    const changed = recordChangeWarnings(changesOf(notes, stampOf, cardsOf))
    const gone = goneNotes(state.notes, builtTest(notes, stampOf === undefined), {
      // A folder that could not be listed hides notes that are still there.
      partial: partial || prepared.diagnostics.some((entry) => entry.code === 'folder-unreadable'),
      idStillAt: idPlaceIn(vault.files, deletedIds(prepared.diagnostics, vault.files)),
    })
    const recorded = state.output ? recordedChangeWarnings(state.output) : []
    // A package kept as it is says its build's changes again, and names nothing removed or
    // still written. Only then can what is said differ: only then are the notes fingerprinted.
    const mayDiffer =
      (recorded.length > 0 || gone.stillWritten.length > 0) &&
      changed.length === 0 &&
      gone.removed.length === 0
    if (mayDiffer && (await keptAsIs(output, previous, prepared, guids))) {
      diagnostics.push(...recorded)
    } else {
      diagnostics.push(...changed, ...stillWrittenWarnings(gone.stillWritten))
      removed = gone.removed
    }
  }
  if (previous.moved) diagnostics.push(previous.moved)
  if (previous.damaged) diagnostics.push(previous.damaged)
  return { diagnostics, removed }
}

/**
 * A note's stamp in `state`, found by its ID: a note's GUID is made from its
 * ID alone (`guidOfId`) and every stamp since IDs were recorded names it, so
 * no GUID is hashed. By GUID when some stamp names no ID (an older record).
 */
function stampFinder(state: BuildState): (note: IdentifiedNote) => ContentStamp | undefined {
  const byId = new Map<number, ContentStamp>()
  for (const guid in state.notes) {
    const stamp = state.notes[guid]!
    if (stamp.id === undefined) return (note) => state.notes[note.guid]
    byId.set(stamp.id, stamp)
  }
  return (note) => byId.get(note.id)
}

/** Whether the note of a stamp is among `notes` (by ID, as `stampFinder`, or by GUID). */
function builtTest(
  notes: readonly IdentifiedNote[],
  byGuid: boolean,
): (guid: string, stamp: ContentStamp) => boolean {
  if (byGuid) {
    const guids = new Set(notes.map((note) => note.guid))
    return (guid) => guids.has(guid)
  }
  const ids = new Set(notes.map((note) => note.id))
  return (_guid, stamp) => stamp.id !== undefined && ids.has(stamp.id)
}

/**
 * The changes of `notes` against their stamps that `build` would find. A
 * changed type or deck changes the content hash, so `build` finds it however
 * the note renders; a lost card is found from the cards the package makes.
 */
function changesOf(
  notes: readonly IdentifiedNote[],
  stampOf: (note: IdentifiedNote) => ContentStamp | undefined,
  cardsOf: (note: IdentifiedNote) => readonly number[],
): RecordChanges {
  const changes = noRecordChanges()
  for (const note of notes) {
    const stamp = stampOf(note)
    if (stamp === undefined) continue
    addTypeOrDeckChange(note, stamp, changes)
    if (mayLoseCards(note, stamp)) addCardsGone(note, stamp, cardsOf(note), changes)
  }
  return changes
}

/** Whether `build` keeps the package (`keepsPackage`), with the notes fingerprinted as it does. */
async function keptAsIs(
  output: string,
  previous: PreviousState,
  prepared: PreparedNotes,
  guids: () => readonly string[],
): Promise<boolean> {
  const { notesFingerprint } = await import('../../rebuild/fingerprint.js')
  return keepsPackage(output, previous, prepared, {
    inputHash: () => notesFingerprint(prepared.notes, notetypeCss),
    guids,
    withProgress: false,
  })
}

/** The warnings of the changes a build found: said again while its package is kept. */
const changeCodes: ReadonlySet<string> = new Set([
  'note-type-changed',
  'deck-changed',
  'card-removed',
])

/** The warnings of the changes the build that wrote `record` found (`build` says them again while it keeps the package). */
export function recordedChangeWarnings(record: OutputRecord): Diagnostic[] {
  return record.warnings.slice(record.loadWarnings).filter((entry) => changeCodes.has(entry.code))
}

/**
 * Whether `build` keeps `output` as the last build wrote it (`--dry-run`
 * would, but writes nothing): the notes are as last built, none gets an ID,
 * none has an error, no package beside it gave Anki newer text of a note,
 * and the package and every file its build read are unchanged. It then
 * reports the recorded warnings, and names no note removed.
 */
export async function keepsPackage(
  output: string,
  previous: PreviousState,
  { diagnostics, plan }: Pick<PreparedNotes, 'diagnostics' | 'plan'>,
  build: { inputHash: () => string; guids: () => readonly string[]; withProgress: boolean },
): Promise<boolean> {
  const { state } = previous
  return (
    !build.withProgress &&
    !hasErrors(diagnostics) &&
    plan.edits.length === 0 &&
    state.output !== undefined &&
    state.output.inputHash === build.inputHash() &&
    // A package built beside this one gave Anki newer text of a note: stamp past it.
    !outdatedElsewhere(previous, build.guids) &&
    (await (await import('./unchanged-package.js')).isUnchanged(state.output, output))
  )
}
