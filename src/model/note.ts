/**
 * The note model: what the text says (`NoteBlock`) and the resolved note
 * (`Note`) that exports, quizzes and labs work from.
 */
import type { LocalizedNoteType } from './localized-note-types.js'

/** A position in a source file. `line` and `column` are 1-based; `offset` is 0-based, in UTF-16 units of the original text (BOM removed, CRLF kept), like `idInsertOffset`. */
export interface Point {
  line: number
  column: number
  offset: number
}

export interface Span {
  start: Point
  end: Point
}

/** `Lab: stale-socket#refused` → `{lab: 'stale-socket', check: 'refused'}`. */
export interface LabLink {
  lab: string
  check?: string | undefined
  /** Where the link was written (the `Lab:` line or the front matter). */
  line: number
  column: number
}

/** A lab link that could not be read (`malformed-lab-link` was reported): what was written, and where. */
export interface MalformedLabLink {
  /** The entry as written: `stale socket`, or `none` for a `Lab: none` without a reason. */
  text: string
  /** The 1-based line it is on (the `Lab:` line, or the front matter line that holds the entry). */
  line: number
}

export type NoteKind = 'block' | 'inline' | 'regex'

/** What one card block (or inline note, or regex match) says, before resolution. */
/**
 * Where a field's text starts in its file: the first character after the
 * `Field:` prefix and any blank space, 1-based.
 */
export interface FieldPlace {
  line: number
  column: number
  /**
   * The field's Markdown is the file's text from that point, line for line
   * (no `Lab:` or ID line inside it, nothing rewritten), so a place in the
   * text is a place in the file.
   */
  verbatim: boolean
}

export interface NoteBlock {
  kind: NoteKind
  /** The note type line as written (trimmed). */
  noteType: string
  /** Field name → raw Markdown, trimmed, in the note type's field order; missing fields are ''. */
  fields: Record<string, string>
  /** Where each field that has text starts (blocks only; for pointing diagnostics at a field). */
  fieldPlaces?: Record<string, FieldPlace> | undefined
  /** Tags from the `Tags:` line (and inline `#tags` when that setting is on), as written. */
  tags: string[]
  /** The Anki note id from `<!--ID: N-->`, or null when the block has none yet. */
  id: number | null
  /** Where the ID is written (`<!--ID: N-->` or `ID: N`), when the block has one. */
  idSpan?: Span | undefined
  labs: LabLink[]
  /** Why no lab can test this card here, from a `Lab: none: <reason>` line. */
  noLabReason?: string | undefined
  /** The 1-based line of that `Lab: none: <reason>`. */
  noLabLine?: number | undefined
  /** The block's `Lab:` entries that could not be read, when there are any. */
  malformedLabLinks?: MalformedLabLink[] | undefined
  /** A `Back:` (the stock prefix) in a localized type's block was said (`stock-field-prefix`): `NoteSource.stockAnswerPrefix`. */
  stockAnswerPrefix?: true | undefined
  /** The whole block, from `START` to the end of `END`. */
  span: Span
  /**
   * Where a missing ID would be inserted: the offset (in the original file
   * text, BOM excluded) of the start of the `END` line for blocks, of `ENDI`
   * for inline notes, or the end of the match for regex notes.
   */
  idInsertOffset: number
}

/**
 * Text appended to a field's HTML, as the plugin appends it after field
 * formatting: Markdown rendered on its own (a `FROZEN` value), or decklab's
 * own HTML (the file link). Appending it to the Markdown would put it inside
 * a code block, table or list the field ends in.
 */
export type FieldAddition =
  | {
      markdown: string
      /** Its own paragraph (the context breadcrumb after a FROZEN value), never glued to what it follows. */
      paragraph?: true | undefined
    }
  | { html: string }

/**
 * An addition's text as written: its Markdown (after a blank line when it is
 * its own paragraph), or its HTML (which Markdown keeps as it is).
 */
export function additionText(addition: FieldAddition): string {
  if ('html' in addition) return addition.html
  return addition.paragraph ? `\n\n${addition.markdown}` : addition.markdown
}

/** A field's Markdown and then its additions' text, each to be rendered on its own. */
export function fieldPieces(note: Pick<Note, 'fields' | 'additions'>, name: string): string[] {
  const field = note.fields[name] ?? ''
  const additions = note.additions?.[name]
  return additions === undefined ? [field] : [field, ...additions.map(additionText)]
}

/**
 * A field's whole text as written, its additions joined on (the Markdown
 * decklab appended them to before they were kept apart): for whether a
 * field has text, its cloze numbers and the keys of its note, never for
 * rendering.
 */
export function fieldWithAdditions(note: Pick<Note, 'fields' | 'additions'>, name: string): string {
  // Most fields have none: no array per call (card ordinals read every note's fields).
  if (note.additions?.[name] === undefined) return note.fields[name] ?? ''
  return fieldPieces(note, name).join('')
}

/** `note.fields` with each field's additions joined on (`fieldWithAdditions`); the same object when it has none. */
export function fieldsWithAdditions(
  note: Pick<Note, 'fields' | 'additions'>,
): Readonly<Record<string, string>> {
  if (note.additions === undefined) return note.fields
  const fields: Record<string, string> = {}
  for (const name of Object.keys(note.fields)) fields[name] = fieldWithAdditions(note, name)
  return fields
}

/** A resolved note: everything an exporter, quiz or lab verifier needs. */
export interface Note {
  /** Anki note id (epoch ms, 13 digits) or null before IDs are written back. */
  id: number | null
  /**
   * Anki GUID derived from `id` alone, on its first read and once per ID
   * (`model/identity.ts`): null only while `id` is null, which ID allocation
   * ends (`IdentifiedNote`).
   */
  guid: string | null
  noteType: string
  /** Field name → Markdown. */
  fields: Record<string, string>
  /**
   * The localized Anki's names the block wrote this stock type under
   * (`Einfach` for `Basic`): `noteType` and `fields` are the stock type's,
   * which decklab's templates, the quiz and `verify` read; a package holds
   * the type under these names, and `sync` works with them (`asWritten`).
   */
  localized?: LocalizedNoteType | undefined
  /**
   * What is appended to a field after it is rendered, in order (only fields
   * that have any): a `FROZEN` value, rendered on its own as a field is, and
   * the "Add File Link" link (`fieldPieces` reads a field with them).
   */
  additions?: Record<string, FieldAddition[]> | undefined
  /** Normalised Anki tags (no spaces; `#a/b` → `a::b`), sorted, de-duplicated. */
  tags: string[]
  /** Full deck name, `::`-separated. */
  deck: string
  labs: LabLink[]
  /** Why no lab can test this card here (`Lab: none: <reason>`); shown as its `unverified` reason. */
  noLabReason?: string | undefined
  /** Lab links of the note (or its file's front matter) that could not be read, when there are any: verify names them when the note links no lab. */
  malformedLabLinks?: MalformedLabLink[] | undefined
  kind: NoteKind
  /**
   * Which copy this note is, from 2 on, of the notes read with the same note
   * type and fields, in the order they are read (`markContentCopies`);
   * absent for the first (and for a note no other matches). It keeps the
   * copies' content keys apart (`model/note-key.ts`).
   */
  contentCopy?: number | undefined
  /**
   * The Obsidian vault whose notes this note's wikilinks open, as
   * `obsidian://open?vault=…&file=…` links: set for the notes of a vault with
   * Obsidian_to_Anki's settings file, which links them so; absent elsewhere
   * (the links are then plain text: a deck shipped to others has no such vault).
   */
  obsidianVault?: string | undefined
  source: NoteSource
}

export interface NoteSource {
  /** Path relative to the current directory, `/`-separated. */
  file: string
  /** Absolute path (for write-back and media resolution). */
  absolutePath: string
  /** Vault root the file was found under (absolute). Media must stay inside it. */
  vaultRoot: string
  line: number
  column: number
  /** Where the note's ID is written, when it has one in the file (`NoteBlock.idSpan`). */
  idSpan?: Span | undefined
  /**
   * Where a field starts, when known (`NoteBlock.fieldPlaces`; `verbatim`
   * false for a field the settings rewrote). A lookup, worked out when first
   * asked: only a render problem needs it.
   */
  fieldPlace?: ((field: string) => FieldPlace | undefined) | undefined
  /** Where the note ends (exclusive: past `END`, `ENDI` or the match), so diagnostics about the note span it. */
  end?: { line: number; column: number } | undefined
  idInsertOffset: number
  /** True when the vault's Obsidian_to_Anki setting "ID Comments" is off: a new ID is written `ID: N`, not `<!--ID: N-->`. */
  bareId?: true | undefined
  /**
   * The block wrote its answer's prefix as the stock English one (`Back:` in a
   * French Anki's `Basique`, whose field is `Verso`), and `stock-field-prefix`
   * said so where it is: an empty answer then has that cause, already told,
   * and `empty-answer` says nothing more.
   */
  stockAnswerPrefix?: true | undefined
}
