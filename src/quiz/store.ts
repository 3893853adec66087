/**
 * Quiz progress, open for one session: the cards of `cards.json` and the
 * records of `reviews.jsonl`, answered and undone in memory and on disk.
 * The log is written first, so a crash between the two writes is repaired
 * on the next open by replaying the log records newer than `cards.json`.
 */

import { statSync } from 'node:fs'
import { join } from 'node:path'
import { DecklabError } from '../errors.js'
import { makeFolder } from '../fs/make-folder.js'
import { guidOfId } from '../model/identity.js'
import { contentKeyPrefix } from '../model/note-key.js'
import type { Colors } from '../terminal/colors.js'
import {
  type CardsFile,
  cardsFileName,
  type NoteLocation,
  readCardsFile,
  type StoredCard,
  writeCardsFile,
} from './cards-file.js'
import {
  appendContentLinks,
  type ContentLink,
  contentLinksFileName,
  readContentLinks,
} from './content-links.js'
import { editedLostIds, type LackingNote } from './edited-lost-id.js'
import { type MergedLog, mergeForkedLog, undoTargets } from './forked-log.js'
import { type IdMove, idMovesFileName, progressHolders, readIdMoves } from './id-moves.js'
import { answeredLater, lastAnswers } from './later-answer.js'
import {
  acceptGap,
  findMissingReviews,
  type LogGap,
  type LostReviews,
  logGapError,
  type MissingReviews,
  missingReviewsText,
} from './missing-reviews.js'
import {
  appendReviewRecord,
  type LogRead,
  readReviewLog,
  readReviewLogStoppable,
  reviewsFileName,
  takeBackReviewRecord,
  wholeLog,
} from './review-log.js'
import { type LogEntry, type ReviewRecord, recordIdentity } from './review-record.js'
import type { Card, Grade, ReviewLog } from './scheduler.js'
import { gradeNames } from './scheduler.js'
import { keptInLog, type StateChange } from './state-errors.js'

/** What an answer records. */
export interface ReviewInput {
  key: string
  grade: Grade
  card: Card
  log: ReviewLog
  time: Date
  /** The note's ID and file, kept in the index (optional: the index is a cache). */
  note?: NoteLocation | undefined
  /**
   * The content key (`content:…/ord`) the card's progress was found under,
   * when its note has an ID whose link no build recorded here (see `link`).
   */
  contentKey?: string | undefined
}

/** A note's type at its last answer: the stock name, and the one its block wrote when kept. */
export interface TypeAtAnswer {
  type: string
  writtenType?: string | undefined
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
  /**
   * The note type the note of a GUID had at its last answer before this
   * store was opened (the index's `type`, and `writtenType` when kept): the
   * session's answers, which change it, come after what the quiz says of it
   * (type-changed-note.ts).
   */
  typeAtOpen(guid: string): TypeAtAnswer | undefined
  /**
   * The ID a note without one had when it lost its ID line (deleted by hand,
   * by an editor, by a merge): the ID a build linked to this content key
   * (`content-ids.jsonl`), else the ID of the note last answered with this
   * content (the index's `content`), whose progress is kept here, the
   * content key holding none of its own; when the index knows the file that
   * ID's note was last seen in, this one (as `build` gives an ID back only
   * to a note of its file). Undefined otherwise.
   */
  lostId(contentKey: string, file: string): number | undefined
  /**
   * The note last answered with this content in another file than `file`,
   * whose progress is kept (the content key holding none): a note moved
   * there without its ID line, or a copy; not quizzed under that ID (see
   * `lostId`), only named, so the user can put the line back.
   */
  answeredElsewhere(contentKey: string, file: string): { id: number; file: string } | undefined
  /**
   * The IDs notes without one had when they lost their ID line and were
   * edited since (`lostId` then knows them not): by the file, note type and
   * first field of notes last answered under an ID no note read has
   * (`taken` holds the IDs read), as `build` gives them back (edited-lost-id.ts).
   */
  editedLostIds<N extends LackingNote>(
    lacking: readonly N[],
    taken: ReadonlySet<number>,
  ): Map<N, number>
  /** A `lookup` frozen at this moment (the plan is made from the state at the session's start). */
  snapshot(): Store['lookup']
  /** Every review not taken back by an undo, oldest first, each once (see `repeatedReviews`). */
  reviews(): readonly Extract<ReviewRecord, { type: 'review' }>[]
  /**
   * Review records of the log that repeat an earlier one (the same number,
   * card, time and grade: a line a copy or a merge doubled), left out of `reviews`.
   */
  readonly repeatedReviews: number
  /**
   * The log joins two copies' records numbered alike (a merge of the state
   * folder kept on two machines), and the states read took the other
   * copy's answers in (forked-log.ts); undefined otherwise.
   */
  readonly mergedLog: MergedLog | undefined
  /**
   * Save one answer: append to the log (fsync), then replace `cards.json`
   * atomically; when that fails the log line is taken back and the error thrown.
   */
  record(input: ReviewInput): Extract<ReviewRecord, { type: 'review' }>
  /** Take back the last review recorded by this store; undefined when there is none. */
  undo(time: Date): Extract<ReviewRecord, { type: 'undo' }> | undefined
  /**
   * The log ends before the last record `cards.json` includes: it was cut
   * short, emptied or replaced, and that much history is gone (the cards'
   * schedules are intact). Undefined when the log is whole, or the loss was
   * accepted (see missing-reviews.ts).
   */
  readonly missingReviews: LogGap | undefined
  /** The gap, and the losses accepted that the log still lacks. */
  readonly missing: MissingReviews
  /**
   * Accept the loss of `missingReviews` (saved in `cards.json`, so later
   * opens take the log as whole up to it); undefined when there is no gap.
   */
  acceptMissingReviews(time: Date): LostReviews | undefined
}

/**
 * Open (or start) the state in `directory`. Throws `DamagedStateError` when
 * a file exists but cannot be trusted; nothing is written until `record`.
 */
export function openStore(directory: string): Store {
  assertNoFileInTheWay(directory)
  const cardsPath = join(directory, cardsFileName)
  const saved = readCardsFile(cardsPath)
  const log = wholeLog(readReviewLog(join(directory, reviewsFileName)))
  return storeOf(directory, readState(directory, saved, log))
}

/**
 * As `openStore`, the review log read so that `signal` stops it
 * (`InterruptedError`): the quiz reads a year's log before its first card.
 */
export async function openStoreStoppable(
  directory: string,
  signal: AbortSignal | undefined,
): Promise<Store> {
  assertNoFileInTheWay(directory)
  // cards.json first, then the log, as `openStore` reads them: the log is written first.
  const saved = readCardsFile(join(directory, cardsFileName))
  const log = await readReviewLogStoppable(join(directory, reviewsFileName), signal, saved.seq)
  return storeOf(directory, readState(directory, saved, log))
}

/** The store over the state read from `directory`. */
function storeOf(directory: string, read: ReturnType<typeof readState>): Store {
  const cardsPath = join(directory, cardsFileName)
  const reviewsPath = join(directory, reviewsFileName)
  const { cards, locations, log, lostReviews } = read
  /** Whether progress is kept under a content key (notes without an ID; see session.ts). */
  let contentKeys = [...cards.keys()].some((key) => key.startsWith(contentKeyPrefix))
  let seq = log.seq
  const live = liveReviewsOf(log)
  const sessionStack: Extract<ReviewRecord, { type: 'review' }>[] = []
  const ensureDirectory = directoryMaker(directory)
  const saveCards = (change: StateChange) => {
    ensureDirectory()
    writeCardsFile(
      cardsPath,
      {
        seq,
        cards: Object.fromEntries(cards),
        notes: Object.fromEntries(locations),
        lostReviews,
        forked: read.forked,
      },
      change,
    )
  }
  const missing = trackMissing(log, lostReviews, () => saveCards('accept'))
  const held = notesWithProgress(cards)
  /**
   * Log the record, make the change in memory, then save cards.json. When
   * cards.json cannot be saved the log line is taken back (else the next
   * open would replay an answer the user was told was not saved) and so is
   * the change; a line that cannot be taken back is reported as kept.
   */
  const commit = (record: ReviewRecord, change: () => void) => {
    ensureDirectory()
    const length = appendReviewRecord(reviewsPath, record, lostReviews)
    const before = { cards: new Map(cards), locations: new Map(locations), contentKeys }
    const saved = record.type === 'review' ? 'answer' : 'undo'
    held.changed()
    change()
    try {
      saveCards(saved)
    } catch (error) {
      try {
        takeBackReviewRecord(reviewsPath, length)
      } catch {
        throw keptInLog(cardsPath, reviewsPath, saved, error)
      }
      replaceEntries(cards, before.cards)
      replaceEntries(locations, before.locations)
      contentKeys = before.contentKeys
      seq = record.seq - 1
      throw error
    }
  }

  return {
    directory,
    cardsPath,
    reviewsPath,
    get missingReviews() {
      return missing.now().gap
    },
    get missing() {
      return missing.now()
    },
    acceptMissingReviews: (time) => missing.accept(time),
    get: (key) => cards.get(key),
    cards: () => cards,
    lookup(card) {
      return lookupIn(cards, contentKeys, card)
    },
    ...noteQueries(read, held.holds),
    snapshot() {
      const frozenCards = new Map(cards)
      const frozenContentKeys = contentKeys
      return (card) => lookupIn(frozenCards, frozenContentKeys, card)
    },
    reviews: () => live.now().reviews,
    get repeatedReviews() {
      return live.now().repeated
    },
    mergedLog: read.merged,
    record(input) {
      // An answer past a gap would hide it (see missing-reviews.ts).
      const gap = missing.now().gap
      if (gap !== undefined) throw logGapError(reviewsPath, gap)
      seq += 1
      const record = reviewRecord(seq, input, cards.get(input.key) ?? null)
      linkContentOnReview(directory, input)
      commit(record, () => {
        cards.set(input.key, record.card)
        if (input.key.startsWith(contentKeyPrefix)) contentKeys = true
        if (input.note) locations.set(guidOf(input.key), input.note)
      })
      live.add(record)
      sessionStack.push(record)
      return record
    },
    undo(time) {
      const last = sessionStack.at(-1)
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
      commit(record, () => {
        if (last.previous === null) cards.delete(last.key)
        else cards.set(last.key, last.previous)
      })
      sessionStack.pop()
      live.add(record)
      return record
    },
  }
}

/**
 * A card whose note got its ID from a build or sync that linked it in no
 * state of ours (a build without this `--state`) is found by its content
 * until the note is edited. Its first review under the ID records the link
 * (before the answer, which then holds no link it lacks), so the note's
 * other cards and its reviews before the ID follow the ID through edits, as
 * after `build --state`.
 */
function linkContentOnReview(directory: string, input: ReviewInput): void {
  if (input.contentKey === undefined || input.note === undefined) return
  const content = guidOf(input.contentKey)
  if (!content.startsWith(contentKeyPrefix)) return
  appendContentLinks(directory, [{ content, id: input.note.id }], input.time)
}

/** Make `directory` (0700) at the first call: nothing is written until the first answer. */
function directoryMaker(directory: string): () => void {
  let ready = false
  return () => {
    if (ready) return
    makeFolder(directory, 0o700)
    ready = true
  }
}

/** The log record of an answer. */
function reviewRecord(
  seq: number,
  input: ReviewInput,
  previous: StoredCard | null,
): Extract<ReviewRecord, { type: 'review' }> {
  return {
    type: 'review',
    seq,
    key: input.key,
    rating: gradeNames[input.grade],
    grade: input.grade,
    time: input.time.toISOString(),
    log: toJson(input.log),
    card: toJson(input.card) as StoredCard,
    previous,
    ...(input.note ? { note: input.note } : {}),
  }
}

/**
 * What the log lacks (see missing-reviews.ts), and the acceptance of its
 * gap: added to `lostReviews`, which `save` writes with cards.json.
 */
function trackMissing(
  log: { saved: number; entries: readonly LogEntry[] },
  lostReviews: LostReviews[],
  save: () => void,
) {
  let missing = findMissingReviews(log.saved, log.entries, lostReviews)
  return {
    now: (): MissingReviews => missing,
    accept(time: Date): LostReviews | undefined {
      if (missing.gap === undefined) return undefined
      const accepted = acceptGap(missing.gap, time)
      lostReviews.push(accepted)
      try {
        save()
      } catch (error) {
        lostReviews.pop()
        throw error
      }
      missing = findMissingReviews(log.saved, log.entries, lostReviews)
      return accepted
    },
  }
}

/**
 * `liveReviews` of the log and the records this session appended (`add`),
 * worked out when first asked (`stats`, `build`): the quiz never asks, and
 * its log holds only entries (see `readReviewLogStoppable`).
 */
function liveReviewsOf(log: LogRead) {
  const appended: ReviewRecord[] = []
  let live: ReturnType<typeof liveReviews> | undefined
  return {
    now() {
      live ??= liveReviews([...log.entries.keys()].map(log.record).concat(appended))
      return live
    },
    /** A record saved this session: a review is live, an undo takes the last one back. */
    add(record: ReviewRecord): void {
      appended.push(record)
      if (live === undefined) return
      if (record.type === 'review') live.reviews.push(record)
      else {
        const index = live.reviews.findLastIndex((review) => review.seq === record.undoes)
        if (index >= 0) live.reviews.splice(index, 1)
      }
    },
  }
}

/**
 * The reviews of the log that no undo took back, oldest first, and how many
 * records repeat an earlier review. A record with the number (`seq`), card,
 * time and grade of an earlier one is that review again (a log line doubled
 * by a copy or a merge), never a second answer, so it is counted once. Two
 * answers always differ in `seq`, even on a clock that stood still.
 */
function liveReviews(records: readonly ReviewRecord[]): {
  reviews: Extract<ReviewRecord, { type: 'review' }>[]
  repeated: number
} {
  const undone = new Set(undoTargets(records).values())
  const seen = new Set<string>()
  const reviews: Extract<ReviewRecord, { type: 'review' }>[] = []
  let repeated = 0
  for (const record of records) {
    if (record.type !== 'review') continue
    const identity = recordIdentity(record)
    if (seen.has(identity)) {
      repeated += 1
      continue
    }
    seen.add(identity)
    if (!undone.has(record)) reviews.push(record)
  }
  return { reviews, repeated }
}

/**
 * The cards and note index of `cards.json`, with what the log knows and it
 * does not (a crash between the two writes) replayed, and the moved IDs'
 * progress moved; the log's records and its last `seq`.
 */
function readState(directory: string, saved: CardsFile, log: LogRead) {
  const cards = new Map<string, StoredCard>(Object.entries(saved.cards))
  const locations = new Map<string, NoteLocation>(Object.entries(saved.notes))
  let seq = saved.seq
  for (const [index, entry] of log.entries.entries()) {
    seq = Math.max(seq, entry.seq)
    if (entry.seq <= saved.seq) continue
    const record = log.record(index)
    if (record.card === null) cards.delete(record.key)
    else cards.set(record.key, record.card)
    if (record.type === 'review' && record.note) locations.set(guidOf(record.key), record.note)
  }
  // Two copies' logs joined by a merge: both copies' answers count (forked-log.ts).
  const merged = mergeForkedLog(log, cards, locations, saved.forked)
  const moved = movedGuids(
    readIdMoves(join(directory, idMovesFileName)),
    readContentLinks(join(directory, contentLinksFileName)),
  )
  if (moved.size > 0) moveProgress(moved, cards, locations, log.entries)
  // The content keys linked to an ID (for notes that lose their ID line later).
  const linked = new Map([...moved].filter(([key]) => key.startsWith(contentKeyPrefix)))
  return {
    cards,
    locations,
    linked,
    answered: answeredContent(locations),
    log: { ...log, seq, saved: saved.seq },
    lostReviews: saved.lostReviews,
    merged: merged?.merged,
    forked: merged?.forked,
  }
}

/**
 * What stats and build say of a log that lost records (see `Store.missing`),
 * a gap or a loss accepted; '' when whole.
 */
export function missingReviewsWarning(
  store: Store,
  colors: Colors,
  leftOut = 'the statistics and --revlog leave that history out',
): string {
  const labels = { warning: colors.yellow('warning'), note: colors.cyan('note') }
  return missingReviewsText(store.reviewsPath, store.missing, labels, leftOut)
}

/**
 * The note keys by content (`content:…`) under which progress is kept now,
 * the links already recorded applied: the notes a new ID must be linked
 * for. Throws `DamagedStateError` as `openStore` does.
 */
export function contentKeysWithProgress(directory: string): Set<string> {
  return progressKeys(directory).contentKeys
}

/**
 * What a build or sync that writes first IDs must know of the quiz's
 * progress: the content keys holding some (see `contentKeysWithProgress`),
 * and `Store.lostId` and `Store.editedLostIds` (a note that lost its ID line
 * is answered under the ID it had: a new ID written into it must take that
 * ID's progress). Throws
 * `DamagedStateError` as `openStore` does.
 */
export function progressKeys(directory: string): {
  contentKeys: Set<string>
  lostId: (contentKey: string, file: string) => number | undefined
  editedLostIds: Store['editedLostIds']
} {
  const saved = readCardsFile(join(directory, cardsFileName))
  const log = wholeLog(readReviewLog(join(directory, reviewsFileName)))
  const state = readState(directory, saved, log)
  const contentKeys = new Set<string>()
  for (const key of state.cards.keys()) {
    if (key.startsWith(contentKeyPrefix)) contentKeys.add(guidOf(key))
  }
  return { contentKeys, ...lostIdQueries(state, notesWithProgress(state.cards).holds) }
}

/** `Store.lostId` and `Store.editedLostIds` over the state read: for the store and for `progressKeys`. */
function lostIdQueries(
  read: ReturnType<typeof readState>,
  holds: (guid: string) => boolean,
): Pick<Store, 'lostId' | 'editedLostIds'> {
  return {
    lostId: (contentKey, file) => lostIdIn(read, holds, contentKey, file),
    editedLostIds: (lacking, taken) => editedLostIds(read.locations, lacking, taken, holds),
  }
}

/** What the store tells of the notes it holds progress of, over the state read. */
function noteQueries(
  read: ReturnType<typeof readState>,
  holds: (guid: string) => boolean,
): Pick<Store, 'location' | 'typeAtOpen' | 'lostId' | 'answeredElsewhere' | 'editedLostIds'> {
  return {
    location: (guid) => read.locations.get(guid),
    ...lostIdQueries(read, holds),
    typeAtOpen: typesNow(read.locations),
    answeredElsewhere: (contentKey, file) => answeredElsewhereIn(read, holds, contentKey, file),
  }
}

/**
 * Whether `cards` holds progress of a note (GUID), asked for every note
 * without an ID: a set made at the first question after a change, not a
 * scan of every card per question (a vault whose ID lines were all lost,
 * checked out from before a build, asked it 10,000 times). `changed` is
 * called before each change to `cards` (so a change taken back after a
 * failed save leaves nothing stale either).
 */
function notesWithProgress(cards: ReadonlyMap<string, StoredCard>): {
  holds: (guid: string) => boolean
  changed: () => void
} {
  let guids: Set<string> | undefined
  return {
    holds(guid) {
      guids ??= new Set([...cards.keys()].map(guidOf))
      return guids.has(guid)
    },
    changed() {
      guids = undefined
    },
  }
}

/**
 * The content key each note had when last answered under its ID (the note
 * index's `content`) → that note's GUID and ID; a key two GUIDs had is left
 * out (which one a note without an ID would be cannot be told).
 */
function answeredContent(
  locations: ReadonlyMap<string, NoteLocation>,
): Map<string, { guid: string; id: number }> {
  const answered = new Map<string, { guid: string; id: number }>()
  const twice = new Set<string>()
  for (const [guid, { id, content }] of locations) {
    if (content === undefined) continue
    if (answered.has(content)) twice.add(content)
    answered.set(content, { guid, id })
  }
  for (const content of twice) answered.delete(content)
  return answered
}

/**
 * `Store.lostId` over the state read: the ID a build linked to this content
 * key, else the ID of the note last answered with this content, when that
 * note was last seen in this file and its progress is kept (the content
 * key holding none of its own).
 */
function lostIdIn(
  state: {
    locations: ReadonlyMap<string, NoteLocation>
    linked: ReadonlyMap<string, { guid: string; id: number }>
    answered: ReadonlyMap<string, { guid: string; id: number }>
  },
  /** Whether progress is kept for this note (`notesWithProgress`). */
  holds: (guid: string) => boolean,
  contentKey: string,
  file: string,
): number | undefined {
  const link = state.linked.get(contentKey) ?? state.answered.get(contentKey)
  if (link === undefined) return undefined
  // Reviewed under its ID, the note was last seen in a file: this one, or it is another note.
  const seen = state.locations.get(link.guid)?.file
  if (seen !== undefined && seen !== file) return undefined
  return holds(link.guid) && !holds(contentKey) ? link.id : undefined
}

/** `Store.answeredElsewhere` over the state read. */
function answeredElsewhereIn(
  state: Parameters<typeof lostIdIn>[0],
  holds: (guid: string) => boolean,
  contentKey: string,
  file: string,
): { id: number; file: string } | undefined {
  const answered = state.answered.get(contentKey)
  const seen = answered === undefined ? undefined : state.locations.get(answered.guid)?.file
  if (answered === undefined || seen === undefined || seen === file) return undefined
  return holds(answered.guid) && !holds(contentKey) ? { id: answered.id, file: seen } : undefined
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

/**
 * The note key of each moved note → the GUID of the ID that holds its
 * progress now: a moved ID's GUID, and a linked content key (the ID it got,
 * or where a later move took that ID's progress; the first link of a
 * content key wins: copies of a note shared one key before they were
 * numbered, and the first copy keeps it).
 */
function movedGuids(
  moves: readonly IdMove[],
  links: readonly ContentLink[],
): Map<string, { guid: string; id: number }> {
  const moved = new Map<string, { guid: string; id: number }>()
  const holders = progressHolders(moves)
  for (const [from, to] of holders) {
    moved.set(guidOfId(from), { guid: guidOfId(to), id: to })
  }
  for (const { content, id } of links) {
    if (moved.has(content)) continue
    const holder = holders.get(id) ?? id
    moved.set(content, { guid: guidOfId(holder), id: holder })
  }
  return moved
}

/**
 * Move the progress of notes that sync gave a new ID, and of notes that got
 * their first ID while it was kept under their content, to their new keys,
 * in memory (`cards.json` takes them at the next answer): cards, the note
 * index and the log's records. A key the new ID already has keeps the
 * state of the later answer (later-answer.ts), and the moved one is left
 * beside it.
 */
function moveProgress(
  moved: ReadonlyMap<string, { guid: string; id: number }>,
  cards: Map<string, StoredCard>,
  locations: Map<string, NoteLocation>,
  log: LogEntry[],
): void {
  const movedKey = (key: string) => {
    const guid = guidOf(key)
    const to = moved.get(guid)
    return to === undefined ? undefined : `${to.guid}${key.slice(guid.length)}`
  }
  const last = lastAnswers(log)
  // The key whose answers a new key's state came from, when another note's moved there.
  const cameFrom = new Map<string, string>()
  for (const [key, card] of [...cards]) {
    const to = movedKey(key)
    if (to === undefined) continue
    const held = cards.get(to)
    if (held === undefined) cards.delete(key)
    else if (!answeredLater({ key, card }, { key: cameFrom.get(to) ?? to, card: held }, last)) {
      continue
    }
    cards.set(to, card)
    cameFrom.set(to, key)
  }
  for (const [guid, location] of [...locations]) {
    const to = moved.get(guid)
    if (to === undefined || locations.has(to.guid)) continue
    locations.set(to.guid, { ...location, id: to.id })
    locations.delete(guid)
  }
  for (const [index, record] of log.entries()) {
    const to = movedKey(record.key)
    if (to !== undefined) log[index] = { ...record, key: to }
  }
}

/** The note type of each GUID in the index now, kept as it is (the index changes with each answer). */
function typesNow(
  locations: ReadonlyMap<string, NoteLocation>,
): (guid: string) => TypeAtAnswer | undefined {
  const types = new Map<string, TypeAtAnswer>()
  for (const [guid, { type, writtenType }] of locations) {
    // A log record's index entry is checked for its ID and file only: a name that is no string is none.
    if (typeof type !== 'string') continue
    types.set(guid, typeof writtenType === 'string' ? { type, writtenType } : { type })
  }
  return (guid) => types.get(guid)
}

/** Make `map` hold exactly the entries of `from`. */
function replaceEntries<T>(map: Map<string, T>, from: ReadonlyMap<string, T>): void {
  map.clear()
  for (const [key, value] of from) map.set(key, value)
}

/** `<guid>/<ord>` → `<guid>` (GUIDs may contain `/`, ords never do). */
function guidOf(key: string): string {
  return key.slice(0, key.lastIndexOf('/'))
}

function toJson(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>
}

/**
 * A file where the state directory (or a folder above it) should be, or a
 * link that loops: no progress could ever be kept there, and reading it would look like a state
 * with no reviews, so `stats` would show every card as new. Refused as
 * `state-not-writable` (exit 2, without the usage line: the flag was fine).
 */
function assertNoFileInTheWay(directory: string): void {
  let reason: string | undefined
  try {
    const stats = statSync(directory, { throwIfNoEntry: false })
    if (stats !== undefined && !stats.isDirectory()) reason = 'it is a file'
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    // Reading it would call its `cards.json` damaged, the link's loop being no fault of that file.
    if (code === 'ELOOP') reason = 'it is a link that loops (`ELOOP`)'
    // Anything else (a folder it may not look into) is for reading and locking to report.
    else if (code !== 'ENOTDIR') return
    else reason = 'a file stands where one of its folders should be'
  }
  if (reason === undefined) return
  throw new DecklabError(
    'state-not-writable',
    `Unexpected state directory \`${directory}\`: ${reason}, expected a folder (made when missing); choose another with --state or DECKLAB_STATE_DIR`,
  )
}
