/**
 * Write an `.apkg` in genanki's legacy layout: a zip with `collection.anki2`
 * (schema 11, laid out by `sqlite-file.ts`), the `media` JSON and the numbered media files; no
 * `meta` member. Pure: the same package and clock give the same bytes.
 */

import { cardOrds } from '../model/cards.js'
import type { LocalizedNoteType } from '../model/localized-note-types.js'
import type { MediaEntry } from '../model/media.js'
import { namesWithParents } from '../model/nested-names.js'
import type { NoteTypeName } from '../model/note-type-name.js'
import { assignCardIds } from './card-id.js'
import { cardRow } from './card-row.js'
import { collectionConfig, collectionRow } from './collection.js'
import { DEFAULT_DECK_ID, deckIdFor, deckJson } from './deck.js'
import { mediaMembers } from './media.js'
import { noteRow } from './note-row.js'
import {
  type NotetypeDefinition,
  notetypeJson,
  notetypeOfNote,
  notetypes,
  packageNotetypes,
} from './notetypes.js'
import { packageZipDate } from './package-signature.js'
import { type CardProgress, revlogRow } from './progress-rows.js'
import { indexSql, SCHEMA_11_INDEXES, SCHEMA_11_TABLES } from './schema.js'
import { type IndexSpec, type TableSpec, writeDatabase } from './sqlite-file.js'
import type { SqlValue } from './sqlite-record.js'
import { type ArchivePart, zipStored } from './zip-stored.js'

/** One note ready to store: rendered HTML fields in the notetype's field order. */
export interface ApkgNote {
  id: number
  guid: string
  noteType: NoteTypeName
  /** The localized Anki's names the notes's type goes by (`Einfach`): it goes into that type's notetype. */
  localized?: LocalizedNoteType | undefined
  /** Field name (the stock one) → HTML; missing fields are stored empty. */
  fields: Readonly<Record<string, string>>
  tags: readonly string[]
  deck: string
  /** Modification time in seconds; defaults to the clock. */
  mod?: number | undefined
  /** Its card ordinals when the caller worked them out already (`cardOrds` of this note). */
  ords?: readonly number[] | undefined
  /** Per card ord: scheduling and review log from the terminal quiz (else the card is new). */
  progress?: ReadonlyMap<number, CardProgress> | undefined
}

/** Everything one package holds. Notes keep their order: it is the new-card order. */
export interface ApkgPackage {
  notes: readonly ApkgNote[]
  media: readonly MediaEntry[]
  /** The stylesheet every notetype carries (the command composes the card layout and the renderer's CSS). */
  css: string
  /** Notetype modification time in seconds; defaults to the clock. */
  notetypeMod?: number | undefined
  /**
   * The collection's creation time (`crt`, seconds), which review cards' due
   * days count from; default a fixed time (nothing is scheduled).
   */
  created?: number | undefined
}

export interface WriteApkgOptions {
  /** The clock, for modification times the package does not give. */
  now: Date
}

/** What a written package contains. */
export interface ApkgSummary {
  notes: number
  cards: number
  media: number
  /** Every deck the notes use, parents included, sorted (`Default` only when a note uses it). */
  decks: string[]
}

/** Build the package: its bytes are `parts`, in order (a media file's part is the file, read when written). */
export async function writeApkg(
  pkg: ApkgPackage,
  options: WriteApkgOptions,
): Promise<{ parts: ArchivePart[]; summary: ApkgSummary }> {
  const nowSeconds = Math.floor(options.now.getTime() / 1000)
  const notetypeMod = pkg.notetypeMod ?? nowSeconds
  // Each deck once: 10,000 notes usually share a few decks.
  const deckNames = namesWithParents(new Set(pkg.notes.map((note) => note.deck)))

  // Card ids read as creation times: derived from the note id (see card-id.ts).
  const ordsByNote = pkg.notes.map((note) => note.ords ?? cardOrds(note))
  const cards: Array<{ noteId: number; ord: number }> = []
  pkg.notes.forEach((note, index) => {
    for (const ord of ordsByNote[index] as number[]) cards.push({ noteId: note.id, ord })
  })
  // In the order of `cards`: note by note, ord by ord, as the rows visit them.
  const cardIds = assignCardIds(cards)
  const deckIds = new Map(deckNames.map((name) => [name, deckIdFor(name)]))
  const stamped: StampedNotes = {
    notes: pkg.notes,
    notetypes: pkg.notes.map((note) => notetypeOfNote(note)),
    mods: pkg.notes.map((note) => note.mod ?? nowSeconds),
    ordsByNote,
    cardIds,
    deckIds,
  }
  let newest = notetypeMod
  for (const mod of stamped.mods) if (mod > newest) newest = mod

  const css = pkg.css
  const models: Record<string, unknown> = {}
  for (const notetype of packageNotetypes(stamped.notetypes)) {
    models[String(notetype.id)] = notetypeJson(notetype, {
      mod: notetypeMod,
      css,
      deckId: DEFAULT_DECK_ID,
    })
  }
  const decks: Record<string, unknown> = {
    [String(DEFAULT_DECK_ID)]: deckJson(DEFAULT_DECK_ID, 'Default', 0),
  }
  // A note in `Default` re-states deck 1 rather than adding a second `Default`.
  for (const [name, id] of deckIds) decks[String(id)] = deckJson(id, name, newest)
  const colRow = collectionRow({
    mod: newest,
    created: pkg.created,
    conf: collectionConfig(pkg.notes.length + 1, notetypes[0]?.id ?? 0),
    models,
    decks,
  })
  // Notes and cards are made row by row as the writer encodes them, not all held at once.
  const rowsByTable: Record<string, Iterable<SqlValue[]>> = {
    col: [colRow],
    notes: noteRows(stamped),
    cards: cardRows(stamped),
    revlog: revlogRows(stamped),
  }
  const tables: TableSpec[] = SCHEMA_11_TABLES.map((table) => ({
    ...table,
    rows: rowsByTable[table.name] ?? [],
  }))
  const indexes: IndexSpec[] = SCHEMA_11_INDEXES.map((index) => {
    const table = SCHEMA_11_TABLES.find((candidate) => candidate.name === index.table)
    const columnNames = table?.columns ?? []
    return {
      name: index.name,
      table: index.table,
      sql: indexSql(index),
      columns: index.columns.map((column) => columnNames.indexOf(column)),
    }
  })
  const collection = writeDatabase(tables, indexes)

  const { mapJson, members } = mediaMembers(pkg.media)
  // Every member is stored, as genanki does: deflating the collection took about
  // 0.5 s of CPU for 10,000 notes, to save disk space Anki does not care about,
  // and media is usually compressed already. The numbered media members come
  // first, as the package has always had them. The archive comes in parts, its
  // members' bytes uncopied: written out in turn, the package is never held twice.
  const parts = zipStored(
    [...members, ['collection.anki2', collection], ['media', Buffer.from(mapJson, 'utf8')]],
    packageZipDate,
  )
  return {
    parts,
    summary: {
      notes: pkg.notes.length,
      cards: cards.length,
      media: members.length,
      decks: deckNames,
    },
  }
}

/** The notes with what their rows need, computed once for the whole package. */
interface StampedNotes {
  notes: readonly ApkgNote[]
  notetypes: readonly NotetypeDefinition[]
  /** Each note's modification time, seconds. */
  mods: readonly number[]
  ordsByNote: ReadonlyArray<readonly number[]>
  /** Every card's id, note by note and ord by ord. */
  cardIds: readonly number[]
  deckIds: ReadonlyMap<string, number>
}

function* noteRows({ notes, notetypes, mods }: StampedNotes): Generator<SqlValue[]> {
  for (let index = 0; index < notes.length; index += 1) {
    const note = notes[index] as ApkgNote
    const notetype = notetypes[index] as NotetypeDefinition
    yield noteRow({
      id: note.id,
      guid: note.guid,
      notetypeId: notetype.id,
      mod: mods[index] as number,
      tags: note.tags,
      fields: (notetype.fieldKeys ?? notetype.fields).map((field) => note.fields[field] ?? ''),
    })
  }
}

function* cardRows(stamped: StampedNotes): Generator<SqlValue[]> {
  const { notes, mods, ordsByNote, cardIds, deckIds } = stamped
  let card = 0
  for (let index = 0; index < notes.length; index += 1) {
    const note = notes[index] as ApkgNote
    const deckId = deckIds.get(note.deck) ?? DEFAULT_DECK_ID
    for (const ord of ordsByNote[index] as number[]) {
      yield cardRow({
        id: cardIds[card] as number,
        noteId: note.id,
        deckId,
        ord,
        mod: mods[index] as number,
        due: index + 1,
        scheduling: note.progress?.get(ord)?.scheduling,
      })
      card += 1
    }
  }
}

function revlogRows({ notes, ordsByNote, cardIds }: StampedNotes): SqlValue[][] {
  const rows: SqlValue[][] = []
  const ids = new Set<number>()
  let card = 0
  notes.forEach((note, index) => {
    const ords = ordsByNote[index] as number[]
    // Most notes have no review history: skip their cards at once.
    if (note.progress === undefined) {
      card += ords.length
      return
    }
    for (const ord of ords) {
      for (const row of note.progress.get(ord)?.revlog ?? []) {
        // A revlog id is a time in ms and must be unique: a clash moves on by 1 ms.
        let id = row.time
        while (ids.has(id)) id += 1
        ids.add(id)
        rows.push(revlogRow(id, cardIds[card] as number, row))
      }
      card += 1
    }
  })
  return rows
}
