/**
 * The session plan (pure): which cards to review and in what order. Due
 * cards first, most overdue first; then new cards up to the new-card limit,
 * in source order; then (re)learning steps due within the learn-ahead limit;
 * filters by deck (subdecks included) and tag; at most one
 * card per note (siblings are buried until the next session, as in Anki).
 */
import { cardOrds } from '../model/cards.js'
import { guidOfId } from '../model/identity.js'
import type { Note } from '../model/note.js'
import { cardKey, noteContentKey, noteKey } from '../model/note-key.js'
import { findNoteType } from '../model/note-types.js'
import { defaultLearnAheadMs } from './queue.js'
import type { QuizCard } from './quiz-card.js'
import { quizDayStart } from './quiz-day.js'
import { State } from './scheduler.js'
import { type LastSeenNote, sharedIdLeftOut } from './shared-id.js'

export interface CollectedCards {
  cards: QuizCard[]
  /** Notes without an ID yet: quizzed under their content key until `decklab build` writes one. */
  withoutId: Note[]
  /** Those of them that lost their ID line: quizzed under the ID they had (see `LostIdFinder`). */
  lostIdLine: { note: Note; id: number }[]
  /** Notes of the user's own note types: decklab does not know their cards, so they are not quizzed. */
  customType: Note[]
  /**
   * Notes without an ID with the content of a note last answered in another
   * file (`id`, `from`), whose ID no note read has: moved there without
   * their ID line, maybe. Quizzed by their content; named, so the user can
   * put the line back.
   */
  movedWithoutId: { note: Note; id: number; from: string }[]
}

/**
 * The ID a note without one had, from its content key and file: the store's
 * `lostId` (store.ts). Its progress is kept under that ID, where the note
 * is quizzed until a build writes the ID back.
 */
export type LostIdFinder = (contentKey: string, file: string) => number | undefined

/** The store's `editedLostIds`: notes that lost their ID line and were edited since. */
export type EditedLostIdFinder = (
  lacking: readonly Note[],
  taken: ReadonlySet<number>,
) => ReadonlyMap<Note, number>

/** The store's `answeredElsewhere`, for `CollectedCards.movedWithoutId`. */
export type MovedNoteFinder = (
  contentKey: string,
  file: string,
) => { id: number; file: string } | undefined

/**
 * Every card of the notes, in source order, keyed by its note's key
 * (`noteKey`); `cardsOf` gives a note's card ordinals (the vault loader's,
 * as the package has them; by default the Markdown's). A note that lost its
 * ID line (`lostId` finds the ID it had, and no note read has that ID) is
 * keyed by that ID: its progress went there when a build wrote the ID, and
 * by its content it looked new, and its answers went where the ID, given
 * back by the next build, never looked. So is one edited since, found by
 * `editedLostIds` as `build` finds it: by its file, type and first field.
 * `written`: the IDs written in the files read, the ones after a `DELETE`
 * marker among them, which no note takes back (a note deleted on purpose is
 * gone: a note written with its first field is a new note), as in `build`.
 * `lastSeen` (the store's `location`): of two notes with one ID, the one
 * answered under it is quizzed, not the first read (shared-id.ts).
 */
export function collectCards(
  notes: readonly Note[],
  cardsOf: (note: Note) => readonly number[] = cardOrds,
  lostId?: LostIdFinder,
  answeredElsewhere?: MovedNoteFinder,
  editedLostIds?: EditedLostIdFinder,
  written: () => ReadonlySet<number> = () => new Set(),
  lastSeen?: LastSeenNote,
): CollectedCards {
  const cards: QuizCard[] = []
  const withoutId: Note[] = []
  const customType: Note[] = []
  const lostIdLine: CollectedCards['lostIdLine'] = []
  const movedWithoutId: CollectedCards['movedWithoutId'] = []
  const seen = new Set<string>()
  let held: Set<number> | undefined
  const taken = () => {
    const ids = new Set(written())
    for (const other of notes) if (other.id !== null) ids.add(other.id)
    return ids
  }
  let edited: ReadonlyMap<Note, number> | undefined
  // An ID in two notes: the one its progress was answered with is quizzed (shared-id.ts).
  const otherHolder = sharedIdLeftOut(notes, lastSeen)
  const editedLostId = (note: Note) => {
    if (editedLostIds === undefined) return undefined
    edited ??= editedLostIds(
      notes.filter((other) => other.id === null && findNoteType(other.noteType) !== undefined),
      taken(),
    )
    return edited.get(note)
  }
  for (const note of notes) {
    if (findNoteType(note.noteType) === undefined) {
      customType.push(note)
      continue
    }
    if (otherHolder.has(note)) continue
    let key = noteKey(note)
    let content = note.guid === null ? key : undefined
    if (note.id === null) {
      withoutId.push(note)
      const id = lostId?.(key, note.source.absolutePath) ?? editedLostId(note)
      held ??= taken()
      if (id !== undefined && !held.has(id)) {
        // Once: a second note with this content and file keeps its own key.
        held.add(id)
        lostIdLine.push({ note, id })
        key = guidOfId(id)
      } else {
        const moved = answeredElsewhere?.(key, note.source.absolutePath)
        if (moved !== undefined && !held.has(moved.id)) {
          movedWithoutId.push({ note, id: moved.id, from: moved.file })
        }
      }
    }
    // A duplicated ID is reported by `decklab check`. Notes with the same text and
    // no ID have keys of their own: the copies are numbered (`markContentCopies`).
    if (seen.has(key)) continue
    seen.add(key)
    for (const ord of cardsOf(note)) {
      cards.push({
        note,
        ord,
        key: cardKey(key, ord),
        get contentKey() {
          content ??= noteContentKey(note)
          return cardKey(content, ord)
        },
      })
    }
  }
  return { cards, withoutId, customType, lostIdLine, movedWithoutId }
}

/** The part of a stored card the plan needs. */
export interface CardSchedule {
  due: string | Date
  /** ts-fsrs `State`: 1 learning and 3 relearning may be shown ahead (none: a review). */
  state?: number | undefined
}

export interface PlanOptions {
  now: Date
  /** New cards at most (default 20). */
  newLimit?: number | undefined
  /** Cards at most in the session. */
  limit?: number | undefined
  /** Only this deck and its subdecks (`A` matches `A` and `A::B`), case-insensitive. */
  deck?: string | undefined
  /** Only notes with this tag or a child tag (`a` matches `a` and `a::b`), case-insensitive. */
  tag?: string | undefined
  /** Ignore due dates: every reviewed card, the soonest due first, then new cards. */
  cram?: boolean | undefined
  /** Shuffle the chosen cards with this seed (same seed, same order). */
  shuffleSeed?: number | undefined
  /** A (re)learning step due within this many ms is planned too, last (default 20 min). */
  learnAheadMs?: number | undefined
}

export const defaultNewLimit = 20

/**
 * Where a reviewed card goes in the plan: `due` (due now, a card in review
 * due later today, or any card with `--cram`); `ahead`, a (re)learning step due within the learn-ahead limit,
 * shown when nothing else is left, as in Anki and as a running session does
 * (queue.ts), so a session started again within the limit brings it back;
 * undefined when it waits for another session.
 */
export function reviewPlace(
  state: CardSchedule,
  options: Pick<PlanOptions, 'now' | 'cram' | 'learnAheadMs'>,
): 'due' | 'ahead' | undefined {
  const now = options.now.getTime()
  const at = new Date(state.due).getTime()
  if (options.cram || at <= now) return 'due'
  // An interval in days is due on its day, as in Anki and as `stats` counts
  // it: a card reviewed at 21:00 yesterday with 1d is due in this morning's
  // session. The day starts at 4 a.m. (quiz-day.ts): at 00:30 it is still yesterday.
  if (state.state === State.Review && at < quizDayStart(options.now, 1).getTime()) return 'due'
  const learning = state.state === State.Learning || state.state === State.Relearning
  if (learning && at <= now + (options.learnAheadMs ?? defaultLearnAheadMs)) return 'ahead'
  return undefined
}

/** Choose and order the cards of one session. */
export function planSession(
  cards: readonly QuizCard[],
  schedule: (card: QuizCard) => CardSchedule | undefined,
  options: PlanOptions,
): QuizCard[] {
  const due: { card: QuizCard; at: number }[] = []
  const ahead: { card: QuizCard; at: number }[] = []
  const fresh: QuizCard[] = []
  for (const card of cards) {
    if (!matchesFilters(card.note, options)) continue
    const state = schedule(card)
    if (state === undefined) {
      fresh.push(card)
      continue
    }
    const place = reviewPlace(state, options)
    const entry = { card, at: new Date(state.due).getTime() }
    if (place === 'due') due.push(entry)
    else if (place === 'ahead') ahead.push(entry)
  }
  due.sort((left, right) => left.at - right.at)
  ahead.sort((left, right) => left.at - right.at)
  const newLimit = Math.max(0, options.newLimit ?? defaultNewLimit)
  // Siblings (other cards of the same note) wait for another session, as
  // Anki buries them: the reverse card right after the front gives itself away.
  const notesShown = new Set<Note>()
  const firstOfNote = (card: QuizCard) => {
    if (notesShown.has(card.note)) return false
    notesShown.add(card.note)
    return true
  }
  const dueCards = due.map((entry) => entry.card).filter(firstOfNote)
  // A card in its learning steps goes before a new sibling (shown last all the same).
  const aheadCards = ahead.map((entry) => entry.card).filter(firstOfNote)
  const newCards: QuizCard[] = []
  for (const card of fresh) {
    if (newCards.length >= newLimit) break
    if (firstOfNote(card)) newCards.push(card)
  }
  let chosen = [...dueCards, ...newCards, ...aheadCards]
  if (options.limit !== undefined) chosen = chosen.slice(0, Math.max(0, options.limit))
  return options.shuffleSeed === undefined ? chosen : shuffle(chosen, options.shuffleSeed)
}

/** Whether a note passes `--deck` and `--tag`. */
export function matchesFilters(
  note: Pick<Note, 'deck' | 'tags'>,
  options: Pick<PlanOptions, 'deck' | 'tag'>,
): boolean {
  if (options.deck !== undefined && !isSameOrChild(note.deck, options.deck)) return false
  if (options.tag !== undefined && !note.tags.some((tag) => isSameOrChild(tag, options.tag!))) {
    return false
  }
  return true
}

/** Case-blind and in any Unicode form: a `--deck Café` pasted from a Mac (NFD) is the deck `Café`. */
function isSameOrChild(name: string, parent: string): boolean {
  const lowerName = name.normalize('NFC').toLowerCase()
  const lowerParent = parent.normalize('NFC').toLowerCase()
  return lowerName === lowerParent || lowerName.startsWith(`${lowerParent}::`)
}

/** Fisher–Yates with a small seeded generator (mulberry32), so tests can fix the order. */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const result = [...items]
  let state = seed >>> 0
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let value = state
    value = Math.imul(value ^ (value >>> 15), value | 1)
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61)
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296
  }
  for (let index = result.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1))
    ;[result[index], result[other]] = [result[other]!, result[index]!]
  }
  return result
}
