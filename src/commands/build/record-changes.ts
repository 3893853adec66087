/**
 * What the last build's record says of the notes built now: a note whose
 * type or deck changed, the cards a note no longer makes, and the notes gone
 * since. `build` finds them as it stamps the notes (`package-notes.ts`);
 * `check` and `build --dry-run` report the same ones (`record-report.ts`).
 */
import { type IdPlace, idPlaces } from '../../ids/allocate.js'
import type { IdentifiedNote } from '../../model/identity.js'
import { packagedTypeName } from '../../model/translated-note.js'
import { type ContentStamp, typeInAnki } from '../../rebuild/build-state.js'
import { deleteMarkers } from './delete-markers.js'
import { removedNoteIds } from './removed-notes.js'

/** The changes that Anki's import does not follow, each with the note it is about. */
export interface RecordChanges {
  /** Notes of another type than first packaged as (`first`, when not `from`, the type last packaged as): Anki's import skips them. */
  typeChanged: Array<{ note: IdentifiedNote; from: string; first?: string | undefined }>
  /** Notes packaged before into another deck (`from`): Anki's import leaves their cards there. */
  /** `first`: the deck first packaged into, when not `from` (an import left the cards there). */
  deckChanged: Array<{ note: IdentifiedNote; from: string; first?: string | undefined }>
  /** Notes the last build made more cards of (`ords`, gone now): Anki keeps those cards, empty. */
  cardsGone: Array<{ note: IdentifiedNote; ords: number[] }>
}

export function noRecordChanges(): RecordChanges {
  return { typeChanged: [], deckChanged: [], cardsGone: [] }
}

/**
 * A note of another type than the one first packaged, which Anki keeps: its
 * import skips the note, this build's edits with it, for as long as the type
 * differs (not only in the build that changed it). Else, for a note whose
 * stamp changed since `previous`, a deck change: it changes the content
 * hash, so a note stamped unchanged has none.
 */
export function addTypeOrDeckChange(
  note: IdentifiedNote,
  previous: ContentStamp,
  changes: RecordChanges,
): void {
  if (previous.type === undefined) return
  const firstType = typeInAnki(previous)
  if (packagedTypeName(note) !== firstType) {
    const first = firstType === previous.type ? undefined : firstType
    changes.typeChanged.push({ note, from: previous.type, first })
  } else if (previous.deck !== undefined && previous.deck !== note.deck) {
    // (A note whose type changed is skipped by the import altogether: that warning says enough.)
    const first = previous.firstDeck === previous.deck ? undefined : previous.firstDeck
    changes.deckChanged.push({ note, from: previous.deck, first })
  }
}

/**
 * The cards of a note of the same type as last packaged that it no longer
 * makes (`made`). A stamp without ords made card 1 only (or came before ords
 * were kept); a note of another type is skipped by the import, its cards stay.
 */
export function addCardsGone(
  note: IdentifiedNote,
  previous: ContentStamp | undefined,
  made: readonly number[],
  changes: RecordChanges,
): void {
  if (previous?.type !== packagedTypeName(note)) return
  const gone = (previous.ords ?? [0]).filter((ord) => !made.includes(ord))
  if (gone.length > 0) changes.cardsGone.push({ note, ords: gone })
}

/**
 * Whether `addCardsGone` can find a card lost: a note of the type last
 * packaged, a Cloze note (which may lose card 1) or one that made more than
 * card 1 (every other type makes card 1).
 */
export function mayLoseCards(note: IdentifiedNote, previous: ContentStamp | undefined): boolean {
  return (
    previous?.type === packagedTypeName(note) &&
    (note.noteType === 'Cloze' || previous.ords?.some((ord) => ord !== 0) === true)
  )
}

/**
 * The notes of the last full build that this one does not have: `removed`,
 * or, when the ID is still written in a file read (a block indented or
 * broken), `stillWritten`. A partial build names none.
 */
export function goneNotes(
  previous: Readonly<Record<string, ContentStamp>>,
  /** Whether the note of a stamp (by GUID, or by the ID it names) is among the notes built. */
  built: (guid: string, stamp: ContentStamp) => boolean,
  options: { partial: boolean; idStillAt?: ((id: number) => IdPlace | undefined) | undefined },
): { removed: number[]; stillWritten: Array<{ id: number; place: IdPlace }> } {
  const gone = options.partial ? [] : removedNoteIds(previous, built)
  const stillWritten = gone.flatMap((id) => {
    const place = options.idStillAt?.(id)
    return place ? [{ id, place }] : []
  })
  const kept = new Set(stillWritten.map((entry) => entry.id))
  return { removed: gone.filter((id) => !kept.has(id)), stillWritten }
}

/**
 * Where an ID is written in these files, as read, but for the IDs after a
 * `DELETE` marker (a note deleted on purpose is gone); the files are
 * searched on the first call.
 */
export function idPlaceIn(
  files: ReadonlyArray<{ file: string; text: string }>,
  deleted: ReadonlySet<number>,
): (id: number) => IdPlace | undefined {
  let places: Map<number, IdPlace> | undefined
  return (id) => {
    places ??= idPlaces(files)
    return deleted.has(id) ? undefined : places.get(id)
  }
}

/** The IDs after the `DELETE` markers of these files (`diagnostics`: the parser's). */
export function deletedIds(
  diagnostics: Parameters<typeof deleteMarkers>[0],
  files: ReadonlyArray<{ file: string; text: string }>,
): Set<number> {
  return new Set(deleteMarkers(diagnostics, files).markers.map((marker) => marker.id))
}
