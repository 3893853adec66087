/**
 * Planning a sync, pure: the vault's notes as they should be in Anki, what
 * Anki has, and the sync record in; the writes out (add, update, retag,
 * move, delete, media). No I/O: `src/commands/sync/` reads Anki and applies
 * the plan.
 */

import { createHash } from 'node:crypto'
import { deckNameKey } from '../model/deck-name.js'
import type { Note } from '../model/note.js'
import {
  earlierOneSpellingIn,
  equivalentBesideTagSpaces,
  equivalentFieldHtml,
  formerSpellingIn,
  oneSpellingIn,
  spelledWithTagSpacesIn,
} from './equivalent-html.js'
import type { SyncRecord } from './sync-record.js'

/** A vault note rendered for Anki. */
export interface DesiredNote {
  note: Note
  /** The note's ID, or null when it has none yet. */
  id: number | null
  /** Field name → HTML, plus `Lab` when the note links labs. */
  fields: Record<string, string>
  tags: string[]
  deck: string
  /** Media names the fields use. */
  media: string[]
  /** Hash of everything above and the media contents. */
  hash: string
}

/** A vault note as Anki should have it: its ID, tags and deck as the note says, with these fields. */
export function desiredNote(
  note: Note,
  fields: Record<string, string>,
  media: string[],
  hash: string,
): DesiredNote {
  return { note, id: note.id, fields, tags: note.tags, deck: note.deck, media, hash }
}

/** A note that Anki has, as `notesInfo` and `cardsInfo` show it. */
export interface AnkiNote {
  id: number
  modelName: string
  /** Field name → value, in the model's order. */
  fields: Record<string, string>
  tags: string[]
  /**
   * `filtered`: the card is in a filtered deck (a custom study session), and
   * `deck` names that deck, not the card's home deck, which AnkiConnect does not say.
   */
  cards: Array<{ id: number; deck: string; filtered?: boolean | undefined }>
}

/** A `DELETE` marker in the vault. */
export interface DeleteMarker {
  id: number
  file: string
  line: number
  /** Outside a block: its two lines are taken out once the note is deleted (delete-markers.ts). */
  standalone: boolean
}

/** `interrupted`: added by an interrupted sync of this vault, and in no note (see recovery.ts). */
export type DeleteReason = 'removed' | 'delete-marker' | 'interrupted'

export interface Triage {
  /** Unchanged since the last sync (by the record) and still in Anki. */
  unchanged: DesiredNote[]
  /** In Anki but changed, or not in the record: compare with what Anki has. */
  check: DesiredNote[]
  /** New notes, and notes whose ID Anki does not have (added again, with a new ID). */
  add: DesiredNote[]
  delete: Array<{ id: number; reason: DeleteReason; file: string }>
  /** `DELETE` markers on notes decklab never synced: left alone. */
  refusedDeletes: DeleteMarker[]
}

export interface TriageInput {
  desired: readonly DesiredNote[]
  /** Every note id in the collection. */
  ankiIds: ReadonlySet<number>
  record: SyncRecord
  markers: readonly DeleteMarker[]
  /** Absolute paths of the note files this sync read. */
  scannedFiles: ReadonlySet<string>
  /** Whether a recorded note file is gone and lay inside what this sync read. */
  fileRemoved(absolutePath: string): boolean
}

/** Sort the vault's notes by what they need, and find the deletions. */
export function triage(input: TriageInput): Triage {
  const result: Triage = { unchanged: [], check: [], add: [], delete: [], refusedDeletes: [] }
  const inVault = new Set<number>()
  for (const desired of input.desired) {
    if (desired.id === null || !input.ankiIds.has(desired.id)) {
      result.add.push(desired)
      if (desired.id !== null) inVault.add(desired.id)
      continue
    }
    inVault.add(desired.id)
    const synced = input.record.notes[String(desired.id)]
    if (synced && synced.hash === desired.hash && synced.deck === desired.deck) {
      result.unchanged.push(desired)
    } else result.check.push(desired)
  }
  const deleting = new Set<number>()
  for (const marker of input.markers) {
    const synced = input.record.notes[String(marker.id)]
    if (!synced) {
      result.refusedDeletes.push(marker)
      continue
    }
    if (input.ankiIds.has(marker.id) && !deleting.has(marker.id)) {
      deleting.add(marker.id)
      result.delete.push({ id: marker.id, reason: 'delete-marker', file: marker.file })
    }
  }
  for (const [key, synced] of Object.entries(input.record.notes)) {
    const id = Number(key)
    if (inVault.has(id) || deleting.has(id) || !input.ankiIds.has(id)) continue
    const inScope = input.scannedFiles.has(synced.file) || input.fileRemoved(synced.file)
    if (!inScope) continue
    deleting.add(id)
    result.delete.push({ id, reason: 'removed', file: synced.file })
  }
  result.delete.sort((a, b) => a.id - b.id)
  return result
}

/** What one existing note needs. */
export interface NoteChange {
  desired: DesiredNote
  id: number
  /** The note type of Anki's note. */
  modelName: string
  /** Fields to set (every field the model and the note share), or null when they match. */
  fields: Record<string, string> | null
  /** Anki's values of those fields before the change (null when they match). */
  ankiFields: Record<string, string> | null
  /**
   * The fields whose text the change makes show otherwise, in the model's
   * order (empty when `fields` is null): the others are only spelled anew
   * (the plugin's `<br />` for decklab's `<br>`), so a report names these.
   */
  changedFields: string[]
  /**
   * Of `changedFields`, those that differ only in the spaces a removed
   * `#tag` left (`withoutTagSpaces`): the same card unless the note type's
   * templates show a space beside the field (hidden-spaces.ts), which
   * `compareNote` was not told.
   */
  tagSpacesOnly: string[]
  /**
   * `syncedFieldsHash` of the fields as Anki has them once the change is
   * made; undefined for a note left as Anki has it that the record is to
   * keep no hash of (see src/commands/sync/plugin-unchanged.ts).
   */
  syncedFields: string | undefined
  addTags: string[]
  removeTags: string[]
  /** Cards to move into `desired.deck`. */
  moveCards: number[]
  /** The decks those cards are in before the move, each once. */
  movedFrom: string[]
  /**
   * Cards left in a filtered deck: a move would take them out of it (end the
   * study session for them), and their home deck is unknown, so whether they
   * need one is too. The note is compared again at the next sync.
   */
  inFilteredDeck: number[]
  /** The note has labs but its model has no `Lab` field: the footer is left out. */
  labDropped: boolean
}

/**
 * A hash of fields by name, in any order: what the sync record keeps of
 * Anki's copy of a note. The text is hashed in NFC, as Anki since 2.1.28
 * stores it (a note written in NFD is not edited in Anki for being stored
 * composed). 128 bits (22 characters) tell an edit apart, and keep the
 * record of a large vault small (`check` reads it).
 */
export function fieldsHash(fields: Readonly<Record<string, string>>): string {
  const entries = Object.keys(fields)
    .sort()
    .map((name) => [name, (fields[name] as string).normalize('NFC')])
  return createHash('sha256').update(JSON.stringify(entries)).digest('base64url').slice(0, 22)
}

/**
 * What the sync record keeps of a note's fields (`SyncedNote.fields`): their
 * `fieldsHash` in one spelling (equivalent-html.ts), so that Anki's copy in
 * the plugin's spelling (`"` where decklab wrote `&quot;`, `<br />`) hashes
 * as decklab's, and a note left so is neither rewritten nor taken for one
 * edited in Anki.
 */
export function syncedFieldsHash(fields: Readonly<Record<string, string>>): string {
  return fieldsHash(oneSpellingIn(fields))
}

/**
 * Whether `fields` are the ones `recorded` (a `SyncedNote.fields`) hashes,
 * in any spelling that shows the same. A record decklab wrote before
 * 2026-12-07 hashes decklab's spelling as it is (`fieldsHash`), which is
 * taken too, also for Anki's copy in the plugin's spelling (`<br />`) with
 * a quote both spell `&quot;` or `&#039;` (the plugin's math): one spelling
 * would turn that quote into the character, which the old hash has not.
 * So is a record in the one spelling before a table's and a `<br>`'s
 * indents were in it (`earlierOneSpellingIn`), which a table decklab keeps
 * as written would otherwise take for an edit made in Anki, and one before
 * the spaces a removed `#tag` left were out of it (`spelledWithTagSpacesIn`).
 */
export function sameAsSynced(
  fields: Readonly<Record<string, string>>,
  recorded: string | undefined,
  /** `syncedFieldsHash(fields)`, when the caller has it already. */
  synced?: string,
): boolean {
  if (recorded === undefined) return false
  return (
    recorded === (synced ?? syncedFieldsHash(fields)) ||
    recorded === fieldsHash(fields) ||
    recorded === fieldsHash(formerSpellingIn(fields)) ||
    recorded === fieldsHash(earlierOneSpellingIn(fields)) ||
    recorded === fieldsHash(spelledWithTagSpacesIn(fields))
  )
}

/**
 * The fields a model gets from a rendered note: each of the model's fields
 * the note has; `Lab` empty when the note links no lab. Fields the note does
 * not know are left as they are.
 */
export function fieldsForModel(
  rendered: Readonly<Record<string, string>>,
  modelFields: readonly string[],
  labField: string,
): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const name of modelFields) {
    const source = Object.hasOwn(rendered, name) ? name : renderedName(name, modelFields)
    if (Object.hasOwn(rendered, source)) fields[name] = rendered[source] as string
    else if (name === labField) fields[name] = ''
  }
  return fields
}

/**
 * A field's old name in Anki → the name decklab renders it under: a
 * collection made by an older Anki (2.1.15 among them) names Cloze's second field `Extra`,
 * which the plugin filled from the block's `Extra:` and decklab fills from
 * its `Back Extra:`.
 */
const oldFieldNames: Readonly<Record<string, string>> = { Extra: 'Back Extra' }

/**
 * The rendered field a model's field takes: its own name, or the new name of
 * an old one. A note that has a field of the model's own name (`Extra` of a
 * note type of the user's own) fills it from that: only Cloze renders
 * `Back Extra`, and no stock type renders `Extra`.
 */
function renderedName(modelField: string, modelFields: readonly string[]): string {
  const renamed = oldFieldNames[modelField]
  return renamed !== undefined && !modelFields.includes(renamed) ? renamed : modelField
}

/**
 * The note's fields with text (besides `labField`, see `losesLabLinks`) that
 * a model of these fields has no field for: `addNote` drops a field the
 * model lacks without a word, so a note type renamed or changed in Anki
 * (`Back` renamed `Answer`) would take the note without its answer.
 */
export function fieldsModelLacks(
  desired: DesiredNote,
  modelFields: readonly string[],
  labField: string,
): string[] {
  const filled = new Set(modelFields.flatMap((name) => [name, renderedName(name, modelFields)]))
  return Object.keys(desired.fields).filter(
    (name) => name !== labField && (desired.fields[name] ?? '') !== '' && !filled.has(name),
  )
}

/** Whether a note links labs but the model it goes into has no `Lab` field to hold them. */
export function losesLabLinks(
  desired: DesiredNote,
  modelFields: readonly string[],
  labField: string,
): boolean {
  return (desired.fields[labField] ?? '') !== '' && !modelFields.includes(labField)
}

/** The Anki note types a vault note may be in, and the fields they must have. */
export interface ExpectedModel {
  /** The stock name the block names, and decklab's own (`Basic`, `Basic (decklab)`). */
  names: readonly string[]
  /**
   * decklab's own name, whose copies Anki renamed when it imported a package
   * into a collection that had a type of that name already: they are that type too.
   */
  renamedCopiesOf?: string | undefined
  /** The fields of the block's type, besides decklab's `Lab`: those the block fills must be there. */
  fields: readonly string[]
}

/**
 * Why Anki's note cannot take a vault note: it is of another note type than
 * the block names, or of one by that name that lacks a field the block
 * fills. Neither AnkiConnect nor Obsidian_to_Anki can change a note's type,
 * and updating only the fields both have would leave the note half synced.
 * A field the block leaves empty may be missing (Anki 2.1.15's stock
 * `Cloze` has `Extra` where later ones have `Back Extra`): nothing is lost.
 */
export type NoteTypeMismatch =
  | { kind: 'type'; ankiType: string }
  | { kind: 'fields'; ankiType: string; missing: string[] }
  | { kind: 'unread'; ankiType: string; unread: string[] }

export function noteTypeMismatch(
  desired: DesiredNote,
  anki: AnkiNote,
  expected: ExpectedModel,
): NoteTypeMismatch | undefined {
  if (!expected.names.includes(anki.modelName) && !isRenamedCopy(anki.modelName, expected)) {
    return { kind: 'type', ankiType: anki.modelName }
  }
  const modelFields = Object.keys(anki.fields)
  const filled = new Set(modelFields.flatMap((name) => [name, renderedName(name, modelFields)]))
  const missing = expected.fields.filter(
    (name) => (desired.fields[name] ?? '') !== '' && !filled.has(name),
  )
  if (missing.length > 0) return { kind: 'fields', ankiType: anki.modelName, missing }
  const unread = unreadFieldLines(desired, modelFields, expected.fields)
  return unread.length > 0 ? { kind: 'unread', ankiType: anki.modelName, unread } : undefined
}

/**
 * Fields of Anki's note type that the block's type lacks and that a line of
 * the block starts (`Answer:`), as the plugin reads it: a field renamed in
 * Anki (the stock Basic's `Back` renamed `Answer`). decklab reads that line
 * as text of the field above it, so an update would put the answer on the
 * front.
 */
function unreadFieldLines(
  desired: DesiredNote,
  modelFields: readonly string[],
  blockFields: readonly string[],
): string[] {
  const known = new Set(blockFields)
  const lines = Object.values(desired.note.fields).flatMap((text) => text.split('\n'))
  // Cloze's old `Extra` is said by the parser (`old-field-name`), or read as `Back Extra`.
  return modelFields.filter(
    (name) =>
      !known.has(name) &&
      renderedName(name, modelFields) === name &&
      lines.some((line) => line.startsWith(`${name}:`)),
  )
}

/**
 * A note type Anki's importer made from decklab's own under a name it had
 * already: a package's `Basic (decklab)` imported into a collection where a
 * sync created one (through AnkiConnect, under another id) is added as
 * `Basic (decklab)-1a2b3` by Anki 2.1 (`ensureNameUnique`: a dash and 5 hex
 * digits of a checksum) and `Basic (decklab)+` by later Anki. Its notes are
 * decklab's notes; the fields are still checked.
 */
function isRenamedCopy(name: string, expected: ExpectedModel): boolean {
  const base = expected.renamedCopiesOf
  if (base === undefined || !name.startsWith(base)) return false
  return /^(?:-[0-9a-f]{5}|\++)$/.test(name.slice(base.length))
}

function tagKey(tag: string): string {
  return tag.toLowerCase()
}

/**
 * Tags Anki itself puts on notes, which carry review state rather than
 * content: `leech` (a card lapsed too often) and `marked` (the reviewer's
 * and browser's mark). Sync never removes them, in any case, though the
 * Markdown does not have them.
 */
export const ankiOwnTags: readonly string[] = ['leech', 'marked']

/**
 * Compare a vault note with Anki's copy. The note's tags become the
 * Markdown's, except Anki's own (`ankiOwnTags`) and `ignoreTags` (decklab's
 * pending tag), which are never removed. `syncedFields`, the record's hash
 * of the fields last synced: when the note's fields are still those, Anki's
 * differing fields are an edit made in Anki while the Markdown stayed as it
 * was (a note checked for its deck or tags), and are kept.
 */
export function compareNote(
  desired: DesiredNote,
  anki: AnkiNote,
  labField: string,
  ignoreTags: readonly string[] = [],
  syncedFields?: string | undefined,
  /** The fields whose edge spaces the note type's templates never show (hidden-spaces.ts). */
  hidingTagSpaces: ReadonlySet<string> = new Set(),
): NoteChange {
  const modelFields = Object.keys(anki.fields)
  const wanted = fieldsForModel(desired.fields, modelFields, labField)
  // HTML spelled otherwise (the plugin's `<br />`, `"`) is the same card: not rewritten.
  const spelledOtherwise = Object.keys(wanted).filter(
    (name) => !equivalentFieldHtml(anki.fields[name] ?? '', wanted[name] as string),
  )
  // So is a space the plugin left for a `#tag`, where the templates show none there.
  const tagSpacesOnly = spelledOtherwise.filter((name) =>
    equivalentBesideTagSpaces(anki.fields[name] ?? '', wanted[name] as string),
  )
  const shownOtherwise = spelledOtherwise.filter(
    (name) => !(hidingTagSpaces.has(name) && tagSpacesOnly.includes(name)),
  )
  // What the record keeps of these fields, asked for below and kept in the change.
  const wantedHash = syncedFieldsHash(wanted)
  const differs = shownOtherwise.length > 0 && !sameAsSynced(wanted, syncedFields, wantedHash)
  const ignored = new Set([...ankiOwnTags, ...ignoreTags].map(tagKey))
  const have = new Set(anki.tags.map(tagKey))
  const want = new Set(desired.tags.map(tagKey))
  // Anki finds decks case-blind: a card in `sockets` is in the vault's `Sockets` already.
  const moving = anki.cards.filter(
    (card) => !card.filtered && deckNameKey(card.deck) !== deckNameKey(desired.deck),
  )
  return {
    desired,
    id: anki.id,
    modelName: anki.modelName,
    fields: differs ? wanted : null,
    ankiFields: differs
      ? Object.fromEntries(Object.keys(wanted).map((name) => [name, anki.fields[name] ?? '']))
      : null,
    changedFields: differs ? shownOtherwise : [],
    tagSpacesOnly: differs ? tagSpacesOnly.filter((name) => shownOtherwise.includes(name)) : [],
    syncedFields: wantedHash,
    addTags: desired.tags.filter((tag) => !have.has(tagKey(tag))),
    removeTags: anki.tags.filter((tag) => !want.has(tagKey(tag)) && !ignored.has(tagKey(tag))),
    moveCards: moving.map((card) => card.id),
    movedFrom: [...new Set(moving.map((card) => card.deck))],
    inFilteredDeck: anki.cards.filter((card) => card.filtered).map((card) => card.id),
    labDropped: losesLabLinks(desired, modelFields, labField),
  }
}

/** Whether a change writes anything. */
export function isChange(change: NoteChange): boolean {
  return (
    change.fields !== null ||
    change.addTags.length > 0 ||
    change.removeTags.length > 0 ||
    change.moveCards.length > 0
  )
}

/** Media to store: those whose content differs from what the record says was stored. */
export function mediaToStore(
  media: ReadonlyArray<{ name: string; hash: string }>,
  record: SyncRecord,
): string[] {
  return media.filter((entry) => record.media[entry.name] !== entry.hash).map((entry) => entry.name)
}
