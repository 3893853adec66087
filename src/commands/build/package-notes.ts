/**
 * The package's notes and the build state that goes with them: each note's
 * rendered fields, its `mod` stamp (moved only when its content changed) and,
 * after a full build, the notes gone since the last one.
 */
import { createHash } from 'node:crypto'
import { notetypeOfNote, notetypes, packageNotetypes } from '../../anki/notetypes.js'
import type { ApkgNote } from '../../anki/package.js'
import type { IdPlace } from '../../ids/allocate.js'
import { cardOrds } from '../../model/cards.js'
import { firstFieldKey } from '../../model/first-field-key.js'
import type { IdentifiedNote } from '../../model/identity.js'
import type { NoteTypeName } from '../../model/note-type-name.js'
import { packagedTypeName } from '../../model/translated-note.js'
import {
  type BuildState,
  type ContentStamp,
  outdatedBy,
  stamp,
  typeInAnki,
} from '../../rebuild/build-state.js'
import { renderedNoteHash } from '../../rebuild/content-hash.js'
import { recordedFiles } from '../../rebuild/lost-id-keys.js'
import type { RenderedNotes } from './prepare-notes.js'
import {
  addCardsGone,
  addTypeOrDeckChange,
  goneNotes,
  noRecordChanges,
  type RecordChanges,
} from './record-changes.js'

export interface PackagedNotes extends RecordChanges {
  notes: ApkgNote[]
  /** The build state to record once the package is written (its `output` still unset). */
  state: BuildState
  /** Ids of the notes the last full build packaged and this one does not (none for a partial build). */
  removed: number[]
  /** Of those, the ones whose ID is still written in a note file read (not a card): not named removed. */
  stillWritten: Array<{ id: number; place: IdPlace }>
  notetypeMod: number
}

export interface PackageOptions {
  css: string
  nowSeconds: number
  /**
   * Only part of the notes were read (named paths, or a folder that could
   * not be listed): the others are not gone, so none is named removed and
   * their stamps are kept.
   */
  partial: boolean
  reviewProgress?:
    | ((note: IdentifiedNote, ords: readonly number[]) => ApkgNote['progress'])
    | undefined
  /** Where an ID is still written in the files read, if it is: such a note is not gone. */
  idStillAt?: ((id: number) => IdPlace | undefined) | undefined
  /** The newest stamps of other packages built beside this one (`stampsElsewhere`). */
  elsewhere?: ReadonlyMap<string, ContentStamp> | undefined
  /** The package's path: the record names each note's file relative to its folder. */
  output: string
}

/** The Anki notes of `notes` (rendered as `rendered`, in the same order), stamped against `previous`. */
export function packageNotes(
  notes: readonly IdentifiedNote[],
  { rendered, media }: RenderedNotes,
  previous: BuildState,
  options: PackageOptions,
): PackagedNotes {
  const mediaHashes = new Map(media.entries.map((entry) => [entry.name, entry.hash]))
  // Stamps of notes outside this build are kept: a partial build written over
  // the full package must not cost the other notes their modification times.
  const state: BuildState = { version: 2, notes: { ...previous.notes } }
  const changes = noRecordChanges()
  const fileOf = recordedFiles(options.output)
  const packaged: ApkgNote[] = notes.map((note, index) => {
    const result = rendered[index]!
    const contentHash = renderedNoteHash(
      note,
      result.fields,
      result.media,
      mediaHashes,
      packagedTypeName(note),
    )
    const previousStamp = previous.notes[note.guid]
    let noteStamp = stamp(previousStamp, contentHash, options.nowSeconds)
    // Another package beside this one gave Anki other text, later: move past it.
    const other = options.elsewhere?.get(note.guid)
    if (outdatedBy(noteStamp, other)) {
      noteStamp = { hash: contentHash, mod: Math.max(options.nowSeconds, other.mod + 1) }
    }
    // Worked out for a new stamp (to record), and then handed to the writer.
    let ords: number[] | undefined
    const firstType = previousStamp && typeInAnki(previousStamp)
    // Where a collection that only imports has its cards: the deck first packaged into.
    const firstDeck = previousStamp?.firstDeck ?? previousStamp?.deck
    // The content hash covers the note type and deck: an unchanged stamp keeps both, but
    // a type other than the first one is said again (Anki still has the first one).
    if (previousStamp !== undefined) addTypeOrDeckChange(note, previousStamp, changes)
    // A new stamp is written out, not spread (a spread per note costs more).
    // Where the note is and its first field: a note that loses its ID line takes its ID back by them.
    const file = fileOf(note.source.absolutePath)
    const head = firstFieldKey(note)
    if (noteStamp === previousStamp && previousStamp.type !== undefined) {
      state.notes[note.guid] = { ...noteStamp, id: note.id, file, head }
    } else {
      const next: ContentStamp = {
        hash: noteStamp.hash,
        mod: noteStamp.mod,
        id: note.id,
        type: packagedTypeName(note),
        deck: note.deck,
        file,
        head,
      }
      if (firstType !== undefined && firstType !== packagedTypeName(note)) next.first = firstType
      if (firstDeck !== undefined && firstDeck !== note.deck) next.firstDeck = firstDeck
      const made = cardOrds({ noteType: note.noteType, fields: result.fields })
      ords = made
      if (made.length !== 1 || made[0] !== 0) next.ords = made
      addCardsGone(note, previousStamp, made, changes)
      state.notes[note.guid] = next
    }
    return {
      id: note.id,
      guid: note.guid,
      noteType: note.noteType as NoteTypeName,
      ...(note.localized === undefined ? {} : { localized: note.localized }),
      fields: result.fields,
      tags: note.tags,
      deck: note.deck,
      mod: noteStamp.mod,
      ords,
      // The progress of the cards the package has (`ords` when worked out for a new stamp).
      progress: options.reviewProgress?.(
        note,
        ords ?? cardOrds({ noteType: note.noteType, fields: result.fields }),
      ),
    }
  })
  // A full build names the notes gone since the last one, once: their stamps are dropped.
  const built = new Set(packaged.map((note) => note.guid))
  const { removed, stillWritten } = goneNotes(previous.notes, (guid) => built.has(guid), options)
  // A note whose ID is still in a file (its block indented or broken) is not gone: its stamp stays.
  const kept = new Set(stillWritten.map((entry) => entry.id))
  if (!options.partial) {
    for (const [guid, noteStamp] of Object.entries(state.notes)) {
      if (!built.has(guid) && !kept.has(noteStamp.id ?? Number.NaN)) delete state.notes[guid]
    }
  }
  // A package of localized types holds their notetypes too: a hash of decklab's five alone stays as it was.
  const held = packageNotetypes(packaged.map((note) => notetypeOfNote(note)))
  const notetypesHash = sha256(
    JSON.stringify(held.length === notetypes.length ? notetypes : held),
    options.css,
  )
  state.notetypes = stamp(previous.notetypes, notetypesHash, options.nowSeconds)
  return {
    notes: packaged,
    state,
    removed,
    stillWritten,
    ...changes,
    notetypeMod: state.notetypes.mod,
  }
}

function sha256(...parts: string[]): string {
  const hash = createHash('sha256')
  for (const part of parts) hash.update(part).update('\0')
  return hash.digest('hex')
}
