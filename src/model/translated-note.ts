/**
 * A note of a localized Anki's stock type (`Einfach`) in either form: the
 * stock one (`Basic`, `Front`, `Back`), which decklab's templates, the quiz
 * and `verify` read, and the one its block wrote, whose names the user's
 * Anki has (what `sync` sends).
 */
import type { LocalizedNoteType } from './localized-note-types.js'
import type { FieldAddition, Note } from './note.js'
import { findNoteType } from './note-types.js'

function renamed<T>(
  record: Readonly<Record<string, T>>,
  names: ReadonlyMap<string, string>,
): Record<string, T> {
  const result: Record<string, T> = {}
  for (const [name, value] of Object.entries(record)) result[names.get(name) ?? name] = value
  return result
}

/** Each stock field's name to the one this translation gives it (`Back` → `Verso`), in the stock order. */
export function stockToWrittenFields(type: LocalizedNoteType): Map<string, string> {
  const stock = findNoteType(type.stock)?.fields ?? []
  return new Map(stock.map((field, index) => [field, type.fields[index] ?? field]))
}

/** Written field name → stock field name, and back, for this translation. */
function fieldNameMaps(type: LocalizedNoteType): {
  toStock: Map<string, string>
  toWritten: Map<string, string>
} {
  const toWritten = stockToWrittenFields(type)
  const toStock = new Map([...toWritten].map(([name, written]) => [written, name]))
  return { toStock, toWritten }
}

/** The stock form of a translated note's type, fields and additions (keyed by the written names). */
export function toStockForm(
  type: LocalizedNoteType,
  fields: Readonly<Record<string, string>>,
  additions: Readonly<Record<string, FieldAddition[]>> | undefined,
): {
  noteType: string
  fields: Record<string, string>
  additions: Record<string, FieldAddition[]> | undefined
  /** Stock field name → the written one (where the block placed it). */
  writtenName: (field: string) => string
} {
  const { toStock, toWritten } = fieldNameMaps(type)
  return {
    noteType: type.stock,
    fields: renamed(fields, toStock),
    additions: additions === undefined ? undefined : renamed(additions, toStock),
    writtenName: (field) => toWritten.get(field) ?? field,
  }
}

/** The note as its block wrote it: the localized type and field names (a note of no translation is itself). */
export function asWritten<N extends Note>(note: N): N {
  const type = note.localized
  if (type === undefined || note.noteType === type.name) return note
  const { toStock, toWritten } = fieldNameMaps(type)
  return renamedNote(note, type.name, toWritten, toStock)
}

/** A note `asWritten` gave the localized names, in its stock form again (any other note is itself). */
export function asStock<N extends Note>(note: N): N {
  const type = note.localized
  if (type === undefined || note.noteType !== type.name) return note
  const { toStock, toWritten } = fieldNameMaps(type)
  return renamedNote(note, type.stock, toStock, toWritten)
}

/** Rendered fields (stock names, and `Lab`) under the names the note's block wrote. */
export function writtenFields<T>(
  type: LocalizedNoteType,
  fields: Readonly<Record<string, T>>,
): Record<string, T> {
  return renamed(fields, fieldNameMaps(type).toWritten)
}

function renamedNote<N extends Note>(
  note: N,
  noteType: string,
  names: ReadonlyMap<string, string>,
  back: ReadonlyMap<string, string>,
): N {
  const place = note.source.fieldPlace
  return {
    ...note,
    noteType,
    fields: renamed(note.fields, names),
    ...(note.additions === undefined ? {} : { additions: renamed(note.additions, names) }),
    source: {
      ...note.source,
      ...(place === undefined
        ? {}
        : { fieldPlace: (field: string) => place(back.get(field) ?? field) }),
    },
  }
}

/**
 * The name of the note type a package puts the note in, as its build record
 * keeps it: the localized name (`Einfach`), whose notetype is not `Basic`'s,
 * so a block changed from one to the other is a change of note type to Anki.
 */
export function packagedTypeName(note: Pick<Note, 'noteType' | 'localized'>): string {
  return note.localized?.name ?? note.noteType
}

/**
 * The note's type as its block named it (`Basique`, a French Anki's
 * `Basic`), for messages: the user's Anki and blocks know no other name.
 */
export function writtenTypeName(note: Pick<Note, 'noteType' | 'localized'>): string {
  return note.localized?.name ?? note.noteType
}

/** A stock field's name as the note's block wrote it (`Verso` for `Back`), for messages. */
export function writtenFieldName(note: Pick<Note, 'localized'>, field: string): string {
  const type = note.localized
  return type === undefined ? field : (stockToWrittenFields(type).get(field) ?? field)
}

/**
 * The names a translated note's block wrote (`check --json`'s
 * `writtenNoteType`, `Basique`, and `writtenFieldNames`, each stock field
 * name to its written one: `Back` → `Verso`).
 */
export function writtenNames(type: LocalizedNoteType): {
  writtenNoteType: string
  writtenFieldNames: Record<string, string>
} {
  return {
    writtenNoteType: type.name,
    writtenFieldNames: Object.fromEntries(stockToWrittenFields(type)),
  }
}
