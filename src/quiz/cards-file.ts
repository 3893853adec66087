/**
 * `cards.json`: the current ts-fsrs card of every reviewed card and the
 * note index (GUID → where its note was last seen), replaced durably after
 * every answer. Reading it checks what the quiz relies on; a file that
 * fails is damaged and left as it is.
 */
import { linkTarget } from '../fs/link-target.js'
import { writeFileAtomic } from '../fs/write-atomic.js'
import { contentKeyPrefix } from '../model/note-key.js'
import { isJsonObject } from '../text/json-object.js'
import { isLostReviews, type LostReviews } from './missing-reviews.js'
import {
  changeNotSaved,
  conflictedStateError,
  conflictMarkerLine,
  DamagedStateError,
  readStateFile,
  type StateChange,
} from './state-errors.js'

/** The file's name in the state directory. */
export const cardsFileName = 'cards.json'

/** The `cards.json` format version this code reads and writes. */
export const STATE_VERSION = 1

/** A card as stored: ts-fsrs `Card` with ISO date strings (its own JSON form). */
export type StoredCard = Record<string, unknown> & { due: string; state: number }

/**
 * Where a card's note was last seen: its ID (the GUID's source) and absolute
 * file path, and its content key then (`content:…`, as a note without an ID
 * is keyed: its type and fields), by which a note that loses its ID line is
 * known again (store.ts, `lostId`), and its note type then (a note whose
 * type changed since is named: type-changed-note.ts), as its block named it
 * when a localized Anki's name (`writtenType`: `Texte à trous` for `Cloze`,
 * so that note is named as the user wrote it), and a hash of its first
 * field then (`first`, model/first-field-key.ts), by which a note that lost
 * its ID line and was edited is known again, as `build` knows it. An answer
 * saved by a decklab before these were kept has none of them.
 */
export interface NoteLocation {
  id: number
  file: string
  content?: string | undefined
  type?: string | undefined
  /** Only when it is not `type` (a localized Anki's name), so an English vault's index stays as it was. */
  writtenType?: string | undefined
  first?: string | undefined
}

/** What `cards.json` holds besides its version. */
export interface CardsFile {
  /** The `seq` of the last log record it includes. */
  seq: number
  cards: Record<string, StoredCard>
  notes: Record<string, NoteLocation>
  /** Records lost from the log, the loss accepted (see missing-reviews.ts); written only when any. */
  lostReviews: LostReviews[]
  /**
   * The shared numbers of a log that joins two copies (forked-log.ts) whose
   * states these cards took in; written only then.
   */
  forked?: SharedNumbers | undefined
}

/** Where a log's records first share a number (`seq`), and how many numbers are shared. */
export interface SharedNumbers {
  seq: number
  shared: number
}

/** Read `cards.json` (an empty state when there is none); throws `DamagedStateError`. */
export function readCardsFile(path: string): CardsFile {
  const text = readStateFile(path)
  if (text === undefined) return { seq: 0, cards: {}, notes: {}, lostReviews: [] }
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch (error) {
    const marker = conflictMarkerLine(text)
    if (marker !== undefined) throw conflictedStateError(path, marker)
    throw new DamagedStateError(path, `is not valid JSON (${(error as Error).message})`, {
      cause: error,
    })
  }
  if (!isJsonObject(document)) throw new DamagedStateError(path, 'is not a JSON object')
  if (document.version !== STATE_VERSION) {
    // A later decklab's file is whole: moving or repairing it would lose its progress.
    const newer = typeof document.version === 'number' && document.version > STATE_VERSION
    throw new DamagedStateError(
      path,
      `has version ${JSON.stringify(document.version)}, expected ${STATE_VERSION}`,
      newer ? { advice: 'a newer decklab wrote it: update decklab to that version' } : undefined,
    )
  }
  if (!isJsonObject(document.cards)) throw new DamagedStateError(path, 'has no `cards` object')
  for (const [key, card] of Object.entries(document.cards)) {
    if (!isStoredCard(card)) {
      throw new DamagedStateError(path, `has an invalid card for \`${key}\``)
    }
  }
  const seq = typeof document.seq === 'number' ? document.seq : 0
  // The note index is a cache: entries that do not look right are dropped, not fatal.
  const notes: Record<string, NoteLocation> = {}
  if (isJsonObject(document.notes)) {
    for (const [guid, location] of Object.entries(document.notes)) {
      if (
        isJsonObject(location) &&
        typeof location.id === 'number' &&
        typeof location.file === 'string'
      ) {
        notes[guid] = {
          id: location.id,
          file: location.file,
          ...(isContentKey(location.content) ? { content: location.content } : {}),
          ...(typeof location.type === 'string' ? { type: location.type } : {}),
          ...(typeof location.writtenType === 'string'
            ? { writtenType: location.writtenType }
            : {}),
          ...(typeof location.first === 'string' ? { first: location.first } : {}),
        }
      }
    }
  }
  // An entry that does not look right is dropped: the gap it accepted is then refused again.
  const lostReviews = Array.isArray(document.lostReviews)
    ? document.lostReviews.filter(isLostReviews)
    : []
  const forked = isSharedNumbers(document.forked) ? document.forked : undefined
  return {
    seq,
    cards: document.cards as Record<string, StoredCard>,
    notes,
    lostReviews,
    ...(forked ? { forked: { seq: forked.seq, shared: forked.shared } } : {}),
  }
}

/**
 * Replace `cards.json` durably (see `fs/write-atomic.ts`): all or nothing,
 * and through a symbolic link, which stays.
 */
export function writeCardsFile(path: string, state: CardsFile, change: StateChange): void {
  const { lostReviews, forked, ...rest } = state
  const document = {
    version: STATE_VERSION,
    ...rest,
    ...(lostReviews.length > 0 ? { lostReviews } : {}),
    ...(forked ? { forked } : {}),
  }
  try {
    writeFileAtomic(linkTarget(path), `${JSON.stringify(document)}\n`, { mode: 0o600 })
  } catch (error) {
    throw changeNotSaved(path, error, change)
  }
}

/**
 * A ts-fsrs card as JSON: a due date that parses, a state of 0–3 (New,
 * Learning, Review, Relearning), whole counters, a memory state FSRS accepts
 * and, if any, a last review date that parses.
 */
export function isStoredCard(value: unknown): value is StoredCard {
  if (!isJsonObject(value)) return false
  if (typeof value.due !== 'string' || Number.isNaN(Date.parse(value.due))) return false
  const state = value.state
  if (!Number.isInteger(state) || (state as number) < 0 || (state as number) > 3) return false
  // What FSRS computes with: a wrong number here would fail mid-session or be saved as null.
  for (const name of countFields) if (!isCount(value[name])) return false
  if (value.learning_steps !== undefined && !isCount(value.learning_steps)) return false
  const { stability, difficulty } = value
  if (typeof stability !== 'number' || typeof difficulty !== 'number') return false
  if (!Number.isFinite(stability) || !Number.isFinite(difficulty)) return false
  // A card reviewed once has a memory state FSRS accepts: stability > 0, difficulty 1–10.
  if (state !== 0 && (stability <= 0 || difficulty < 1 || difficulty > 10)) return false
  const last = value.last_review
  if (last !== undefined && last !== null) {
    if (typeof last !== 'string' || Number.isNaN(Date.parse(last))) return false
  }
  return true
}

function isSharedNumbers(value: unknown): value is SharedNumbers {
  return isJsonObject(value) && isCount(value.seq) && isCount(value.shared)
}

function isContentKey(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(contentKeyPrefix)
}

/** The counters of a stored card (ts-fsrs `Card`): whole numbers, never negative. */
const countFields = ['elapsed_days', 'scheduled_days', 'reps', 'lapses'] as const

function isCount(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 0
}
