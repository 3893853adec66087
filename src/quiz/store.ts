/**
 * Quiz progress on disk: `cards.json` (the current ts-fsrs card of every
 * reviewed card, replaced atomically after every answer) and `reviews.jsonl`
 * (an append-only log, one fsync'd line per review or undo). The log is
 * written first, so a crash between the two writes is repaired on the next
 * open by replaying the log records newer than `cards.json`.
 */
import {
  accessSync,
  closeSync,
  constants,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { DecklabError } from '../errors.js'
import { type LockAttempt, type LockHolder, tryLock, writeFileSynced } from '../locks/lock-file.js'
import { contentKeyPrefix } from '../model/note-key.js'
import type { Card, Grade, ReviewLog } from './scheduler.js'
import { gradeNames } from './scheduler.js'

/** The `cards.json` format version this code reads and writes. */
export const STATE_VERSION = 1

/** A card as stored: ts-fsrs `Card` with ISO date strings (its own JSON form). */
export type StoredCard = Record<string, unknown> & { due: string; state: number }

/** One line of `reviews.jsonl`. */
export type ReviewRecord =
  | {
      type: 'review'
      seq: number
      key: string
      /** The grade's name (`again`…`easy`) and number (1–4). */
      rating: string
      grade: Grade
      time: string
      log: Record<string, unknown>
      /** The card after this review, and before it (null for a new card). */
      card: StoredCard
      previous: StoredCard | null
      /** The note's ID and file, for the index in `cards.json`. */
      note?: NoteLocation | undefined
    }
  | {
      type: 'undo'
      seq: number
      key: string
      /** The `seq` of the review this record takes back. */
      undoes: number
      time: string
      /** The card as it was restored (null: back to new). */
      card: StoredCard | null
    }

/** Where a card's note was last seen: its ID (the GUID's source) and absolute file path. */
export interface NoteLocation {
  id: number
  file: string
}

/** A state file that cannot be read: reported with its path, never overwritten. */
export class DamagedStateError extends DecklabError {
  readonly path: string
  constructor(path: string, reason: string, options?: { cause?: unknown } | undefined) {
    super(
      'damaged-state',
      `${path}: ${reason}. The file was left untouched; move it away (or repair it) and run again.`,
      options,
    )
    this.name = 'DamagedStateError'
    this.path = path
  }
}

export interface StateDirectoryOptions {
  /** `--state DIR`, resolved against `cwd`. */
  state?: string | undefined
  cwd: string
  env: Record<string, string | undefined>
}

/** `--state DIR` > `DECKLAB_STATE_DIR` > `$XDG_STATE_HOME/decklab` > `~/.local/state/decklab`. */
export function resolveStateDirectory(options: StateDirectoryOptions): string {
  const { env } = options
  const chosen = options.state ?? nonEmpty(env.DECKLAB_STATE_DIR)
  if (chosen) return resolve(options.cwd, chosen)
  const xdg = nonEmpty(env.XDG_STATE_HOME)
  // The XDG spec says relative values are invalid and must be ignored.
  if (xdg?.startsWith('/')) return join(xdg, 'decklab')
  return join(nonEmpty(env.HOME) ?? homedir(), '.local', 'state', 'decklab')
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}

/** What an answer records. */
export interface ReviewInput {
  key: string
  grade: Grade
  card: Card
  log: ReviewLog
  time: Date
  /** The note's ID and file, kept in the index (optional: the index is a cache). */
  note?: NoteLocation | undefined
}

/** The state of every reviewed card plus the review log, open for one session. */
export interface Store {
  directory: string
  cardsPath: string
  reviewsPath: string
  /** The stored card for a key, as ts-fsrs JSON (dates as strings). */
  get(key: string): StoredCard | undefined
  /** Every stored card by key. */
  cards(): ReadonlyMap<string, StoredCard>
  /** The stored card of a note's card (or of its content key, from before the note had an ID). */
  lookup(card: LookupCard): StoredCard | undefined
  /** Where the note of a stored GUID was last seen (from the index). */
  location(guid: string): NoteLocation | undefined
  /** A `lookup` frozen at this moment (the plan is made from the state at the session's start). */
  snapshot(): Store['lookup']
  /** Every review not taken back by an undo, oldest first. */
  reviews(): readonly Extract<ReviewRecord, { type: 'review' }>[]
  /** Save one answer: append to the log (fsync), then replace `cards.json` atomically. */
  record(input: ReviewInput): Extract<ReviewRecord, { type: 'review' }>
  /** Take back the last review recorded by this store; undefined when there is none. */
  undo(time: Date): Extract<ReviewRecord, { type: 'undo' }> | undefined
}

const cardsFileName = 'cards.json'
const reviewsFileName = 'reviews.jsonl'

/**
 * Open (or start) the state in `directory`. Throws `DamagedStateError` when
 * a file exists but cannot be trusted; nothing is written until `record`.
 */
export function openStore(directory: string): Store {
  const cardsPath = join(directory, cardsFileName)
  const reviewsPath = join(directory, reviewsFileName)
  const saved = readCardsFile(cardsPath)
  const log = readReviewsFile(reviewsPath)
  const cards = new Map<string, StoredCard>(Object.entries(saved.cards))
  const locations = new Map<string, NoteLocation>(Object.entries(saved.notes))
  let seq = saved.seq
  // Replay what the log knows and cards.json does not (a crash between the two writes).
  for (const record of log) {
    if (record.seq <= saved.seq) continue
    if (record.card === null) cards.delete(record.key)
    else cards.set(record.key, record.card)
    if (record.type === 'review' && record.note) locations.set(guidOf(record.key), record.note)
  }
  /** Whether progress is kept under a content key (notes without an ID; see session.ts). */
  let contentKeys = [...cards.keys()].some((key) => key.startsWith(contentKeyPrefix))
  for (const record of log) seq = Math.max(seq, record.seq)
  const undone = new Set(log.flatMap((record) => (record.type === 'undo' ? [record.undoes] : [])))
  const reviews = log.filter(
    (record): record is Extract<ReviewRecord, { type: 'review' }> =>
      record.type === 'review' && !undone.has(record.seq),
  )
  const sessionStack: Extract<ReviewRecord, { type: 'review' }>[] = []
  let directoryReady = false

  const ensureDirectory = () => {
    if (directoryReady) return
    mkdirSync(directory, { recursive: true, mode: 0o700 })
    directoryReady = true
  }
  const saveCards = () => {
    const document = {
      version: STATE_VERSION,
      seq,
      cards: Object.fromEntries(cards),
      notes: Object.fromEntries(locations),
    }
    writeFileAtomic(cardsPath, `${JSON.stringify(document)}\n`)
  }
  const append = (record: ReviewRecord) => {
    ensureDirectory()
    appendLineDurably(reviewsPath, JSON.stringify(record))
  }

  return {
    directory,
    cardsPath,
    reviewsPath,
    get: (key) => cards.get(key),
    cards: () => cards,
    lookup(card) {
      return lookupIn(cards, contentKeys, card)
    },
    location: (guid) => locations.get(guid),
    snapshot() {
      const frozenCards = new Map(cards)
      const frozenContentKeys = contentKeys
      return (card) => lookupIn(frozenCards, frozenContentKeys, card)
    },
    reviews: () => reviews,
    record(input) {
      seq += 1
      const record: Extract<ReviewRecord, { type: 'review' }> = {
        type: 'review',
        seq,
        key: input.key,
        rating: gradeNames[input.grade],
        grade: input.grade,
        time: input.time.toISOString(),
        log: toJson(input.log),
        card: toJson(input.card) as StoredCard,
        previous: cards.get(input.key) ?? null,
        ...(input.note ? { note: input.note } : {}),
      }
      append(record)
      cards.set(input.key, record.card)
      if (input.key.startsWith(contentKeyPrefix)) contentKeys = true
      if (input.note) locations.set(guidOf(input.key), input.note)
      saveCards()
      reviews.push(record)
      sessionStack.push(record)
      return record
    },
    undo(time) {
      const last = sessionStack.pop()
      if (!last) return undefined
      seq += 1
      const record: Extract<ReviewRecord, { type: 'undo' }> = {
        type: 'undo',
        seq,
        key: last.key,
        undoes: last.seq,
        time: time.toISOString(),
        card: last.previous,
      }
      append(record)
      if (last.previous === null) cards.delete(last.key)
      else cards.set(last.key, last.previous)
      saveCards()
      const index = reviews.lastIndexOf(last)
      if (index >= 0) reviews.splice(index, 1)
      return record
    },
  }
}

/** What a lookup needs of a card; `contentKey` finds progress kept while the note had no ID. */
export interface LookupCard {
  note: { id: number | null }
  ord: number
  key: string
  contentKey?: string | undefined
}

/**
 * A card's stored state by its key; a note that got its ID since its
 * progress was kept, by its content key until it is reviewed again.
 */
function lookupIn(
  cards: ReadonlyMap<string, StoredCard>,
  contentKeys: boolean,
  card: LookupCard,
): StoredCard | undefined {
  const found = cards.get(card.key)
  if (found !== undefined || card.note.id === null) return found
  // Only a state that holds content keys needs one (computing it is a hash).
  if (!contentKeys || card.contentKey === undefined) return found
  return cards.get(card.contentKey)
}

/** `<guid>/<ord>` → `<guid>` (GUIDs may contain `/`, ords never do). */
function guidOf(key: string): string {
  return key.slice(0, key.lastIndexOf('/'))
}

function toJson(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    // No file (or no folder yet): nothing saved. Whether it can be created is the lock's question.
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
    throw new DamagedStateError(path, `cannot be read (${(error as Error).message})`, {
      cause: error,
    })
  }
}

interface CardsFile {
  seq: number
  cards: Record<string, StoredCard>
  notes: Record<string, NoteLocation>
}

function readCardsFile(path: string): CardsFile {
  const text = readText(path)
  if (text === undefined) return { seq: 0, cards: {}, notes: {} }
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch (error) {
    throw new DamagedStateError(path, `is not valid JSON (${(error as Error).message})`, {
      cause: error,
    })
  }
  if (!isObject(document)) throw new DamagedStateError(path, 'is not a JSON object')
  if (document.version !== STATE_VERSION) {
    throw new DamagedStateError(
      path,
      `has version ${JSON.stringify(document.version)}, expected ${STATE_VERSION}`,
    )
  }
  if (!isObject(document.cards)) throw new DamagedStateError(path, 'has no `cards` object')
  for (const [key, card] of Object.entries(document.cards)) {
    if (!isStoredCard(card)) {
      throw new DamagedStateError(path, `has an invalid card for \`${key}\``)
    }
  }
  const seq = typeof document.seq === 'number' ? document.seq : 0
  // The note index is a cache: entries that do not look right are dropped, not fatal.
  const notes: Record<string, NoteLocation> = {}
  if (isObject(document.notes)) {
    for (const [guid, location] of Object.entries(document.notes)) {
      if (
        isObject(location) &&
        typeof location.id === 'number' &&
        typeof location.file === 'string'
      ) {
        notes[guid] = { id: location.id, file: location.file }
      }
    }
  }
  return { seq, cards: document.cards as Record<string, StoredCard>, notes }
}

function readReviewsFile(path: string): ReviewRecord[] {
  const text = readText(path)
  if (text === undefined) return []
  const records: ReviewRecord[] = []
  const lines = text.split('\n')
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue
    let record: unknown
    try {
      record = JSON.parse(line)
    } catch (error) {
      throw new DamagedStateError(path, `line ${index + 1} is not valid JSON`, { cause: error })
    }
    if (!isRecord(record)) {
      throw new DamagedStateError(path, `line ${index + 1} is not a review or undo record`)
    }
    records.push(record)
  }
  return records
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A ts-fsrs card as JSON: a date that parses and a state of 0–3 (New, Learning, Review, Relearning). */
function isStoredCard(value: unknown): value is StoredCard {
  return (
    isObject(value) &&
    typeof value.due === 'string' &&
    !Number.isNaN(Date.parse(value.due)) &&
    Number.isInteger(value.state) &&
    (value.state as number) >= 0 &&
    (value.state as number) <= 3
  )
}

function isRecord(value: unknown): value is ReviewRecord {
  if (!isObject(value) || typeof value.seq !== 'number' || typeof value.key !== 'string') {
    return false
  }
  if (value.type === 'review') return isStoredCard(value.card) && typeof value.grade === 'number'
  if (value.type === 'undo') {
    return typeof value.undoes === 'number' && (value.card === null || isStoredCard(value.card))
  }
  return false
}

/** Another live session holds the state directory. */
export class StateLockedError extends DecklabError {
  constructor(path: string, holder: LockHolder) {
    super(
      'state-locked',
      `another ${holder.command || 'decklab quiz'} (pid ${holder.pid}) is using this state (${path}); finish it first, so no answer is lost`,
    )
    this.name = 'StateLockedError'
  }
}

/** The state directory (or a file in it) cannot be written: no session starts. */
export class StateNotWritableError extends DecklabError {
  readonly path: string
  constructor(
    path: string,
    reason: string,
    options?: { cause?: unknown; midSession?: boolean } | undefined,
  ) {
    const lost = options?.midSession
      ? 'every earlier answer is saved'
      : 'no card was shown, so no answer is lost'
    super(
      'state-not-writable',
      `${path}: ${reason}; ${lost}. Make it writable, or choose another folder with --state.`,
      options,
    )
    this.name = 'StateNotWritableError'
    this.path = path
  }
}

/**
 * Take the state directory for one session (see `locks/lock-file.ts`): a
 * `lock` file naming this process, linked into place atomically; a lock
 * whose process is gone (a kill -9) is taken over by exactly one session.
 * Checks first that the state files can be written, so an answer is never
 * typed into a session that cannot save it. Returns the release function.
 */
export function lockStateDirectory(directory: string): () => void {
  const path = join(directory, 'lock')
  let attempt: LockAttempt
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 })
    attempt = tryLock(path, 'decklab quiz')
  } catch (error) {
    throw new StateNotWritableError(
      directory,
      `cannot create files in the state directory (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      { cause: error },
    )
  }
  if (!attempt.held) throw new StateLockedError(path, attempt.holder)
  try {
    for (const name of [cardsFileName, reviewsFileName]) checkWritable(join(directory, name))
    removeStaleTemps(directory)
  } catch (error) {
    attempt.release()
    throw error
  }
  return attempt.release
}

/** A state file that exists must be writable, by its mode too (root ignores the mode). */
function checkWritable(path: string): void {
  let mode: number
  try {
    mode = statSync(path).mode
  } catch {
    return
  }
  let reason: string | undefined
  if ((mode & 0o222) === 0) reason = `is read-only (mode ${(mode & 0o777).toString(8)})`
  else {
    try {
      accessSync(path, constants.W_OK)
    } catch (error) {
      reason = `cannot be written (${(error as NodeJS.ErrnoException).code})`
    }
  }
  if (reason) throw new StateNotWritableError(path, reason)
}

/** `cards.json.<pid>.tmp` files left by a session that was killed (the lock is ours, so theirs are stale). */
function removeStaleTemps(directory: string): void {
  const pattern = new RegExp(`^${cardsFileName.replace('.', '\\.')}\\.(\\d+)\\.tmp$`)
  for (const name of readdirSync(directory)) {
    const match = pattern.exec(name)
    if (match && Number(match[1]) !== process.pid) {
      const path = join(directory, name)
      if (lstatSync(path).isFile()) rmSync(path, { force: true })
    }
  }
}

/** Write temp, fsync, rename over the target, fsync the directory: all or nothing. */
export function writeFileAtomic(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`
  try {
    writeFileSynced(temporary, text, 'w')
    renameSync(temporary, path)
  } catch (error) {
    rmSync(temporary, { force: true })
    throw notSaved(path, error)
  }
  syncDirectory(path)
}

function appendLineDurably(path: string, line: string): void {
  try {
    const descriptor = openSync(path, 'a', 0o600)
    try {
      // One write call per line: a kill cannot leave half a line behind.
      writeSync(descriptor, `${line}\n`)
      fsyncSync(descriptor)
    } finally {
      closeSync(descriptor)
    }
  } catch (error) {
    throw notSaved(path, error)
  }
}

function notSaved(path: string, error: unknown): StateNotWritableError {
  const code = (error as NodeJS.ErrnoException).code ?? String(error)
  return new StateNotWritableError(path, `the last answer could not be saved (${code})`, {
    cause: error,
    midSession: true,
  })
}

function syncDirectory(path: string): void {
  let descriptor: number | undefined
  try {
    descriptor = openSync(join(path, '..'), 'r')
    fsyncSync(descriptor)
  } catch {
    // Some file systems refuse fsync on directories; the rename is still atomic.
  } finally {
    if (descriptor !== undefined) closeSync(descriptor)
  }
}
