/**
 * The session plan without parsing the whole vault. The plan is the due
 * cards (whose files the state's note index remembers) and the first new
 * cards in source order (the first note files, in the order the vault loader
 * sorts them). When a few files are enough to know the whole plan exactly,
 * only they are parsed, so the first card (and the session's size) appear at
 * once; the whole vault is loaded while the user reads it. Anything unusual
 * gives `undefined`, and the caller simply waits for the whole vault: so
 * does a due card the index places outside the paths quizzed (another
 * vault's, or this one's before it moved), as it may be in them now.
 */
import { existsSync } from 'node:fs'
import { cardOrds } from '../../model/cards.js'
import type { Note } from '../../model/note.js'
import { markContentCopies } from '../../model/note-key.js'
import { listVaultFiles } from '../../notes/load-vault.js'
import { isUnderRoots, notePathRoots } from '../../notes/vault-root.js'
import type { VaultLoader } from '../../quiz/open-vault.js'
import type { QuizCard } from '../../quiz/quiz-card.js'
import {
  collectCards,
  defaultNewLimit,
  type PlanOptions,
  planSession,
  reviewPlace,
} from '../../quiz/session.js'
import type { Store } from '../../quiz/store.js'

/** The plan needs the whole vault's load (caught below: `quickPlan` gives undefined). */
class WholeVaultNeeded extends Error {}

export interface QuickStartOptions {
  cwd: string
  /** The paths given (default: the vault you stand in, as the vault loader has it). */
  paths: string[]
  plan: PlanOptions
  store: Store
  loadVault: VaultLoader
  /** Ctrl-C: parsing stops (and the plan is undefined; the caller stops too). */
  signal?: AbortSignal | undefined
  /** Files to parse at most before giving up (default 50). */
  maximumFiles?: number | undefined
}

/** The whole session plan from as little parsing as possible, or undefined. */
export async function quickPlan(options: QuickStartOptions): Promise<QuizCard[] | undefined> {
  const { plan, store } = options
  if (plan.limit === 0) return undefined
  // Not more: after months of daily use the new cards lie hundreds of files in (past the
  // reviewed ones), and the walk there, a file at a time, cost 0.6-1.0 s before giving up at 200.
  // Walked in batches, 250 saved a sixth of the start's CPU time when the new cards lay 186
  // files in, and cost an eighth more when none lay within 250: a trade, not a gain.
  const maximumFiles = options.maximumFiles ?? 50
  try {
    const roots = notePathRoots(options.cwd, options.paths)
    // The stored cards the plan may hold, most overdue first: the due ones (all with
    // --cram), then the learning steps due within the learn-ahead limit.
    const wanted = [...store.cards()]
      .filter(([, card]) => reviewPlace(card, plan) !== undefined)
      .map(([key, card]) => ({ key, at: new Date(card.due).getTime() }))
      .sort((left, right) => left.at - right.at)
    const files = await listNoteFiles(options.cwd, options.paths)
    const order = new Map(files.map((file, index) => [file, index]))
    const dueEntries: { key: string; file: string }[] = []
    for (const { key } of wanted) {
      const location = store.location(key.slice(0, key.lastIndexOf('/')))
      if (!location) return undefined
      // Outside the paths quizzed, moved or deleted: only the whole vault knows whether it
      // holds the note now (the vault moved, is reached through a link, or the note was
      // copied in), and a due card must never be left out.
      if (!isUnderRoots(location.file, roots)) return undefined
      if (!existsSync(location.file) || !order.has(location.file)) return undefined
      dueEntries.push({ key, file: location.file })
    }
    const parsed = new Map<string, Note[]>()
    /** Each parsed note's cards, as its load gave them. */
    const cardsOf = new Map<Note, readonly number[]>()
    /** Parse these files in one vault load (a load has a fixed cost of its own). */
    const parse = async (paths: readonly string[]) => {
      const fresh = [...new Set(paths)].filter((file) => !parsed.has(file))
      if (fresh.length === 0) return
      for (const file of fresh) parsed.set(file, [])
      const vault = await options.loadVault({
        cwd: options.cwd,
        paths: fresh,
        signal: options.signal,
      })
      for (const note of vault.notes) {
        parsed.get(note.source.absolutePath)?.push(note)
        cardsOf.set(note, vault.cards?.(note) ?? cardOrds(note))
      }
    }
    const lookup = (card: QuizCard) => store.lookup(card)
    const inOrder = () => {
      const notes = [...parsed.entries()]
        .sort((left, right) => order.get(left[0])! - order.get(right[0])!)
        .flatMap(([, notes]) => notes)
      return collectParsed(notes, (note) => cardsOf.get(note) ?? cardOrds(note), store)
    }
    // The due part: with --limit N only the N most overdue cards matter, so parse the
    // files of a prefix of them, growing it until N of them pass the filters.
    for (let count = plan.limit ?? dueEntries.length; ; count *= 2) {
      const prefix = dueEntries.slice(0, count)
      const prefixFiles = prefix.map((entry) => entry.file)
      // Counted before parsing: files parsed only to give up would delay the whole read.
      if (new Set([...parsed.keys(), ...prefixFiles]).size > maximumFiles) return undefined
      await parse(prefixFiles)
      const found = new Set(inOrder().map((card) => card.key))
      if (prefix.some((entry) => !found.has(entry.key))) return undefined
      if (prefix.length >= dueEntries.length) break
      const keys = new Set(prefix.map((entry) => entry.key))
      const due = planSession(inOrder(), lookup, { ...plan, limit: undefined, newLimit: 0 })
      if (due.filter((card) => keys.has(card.key)).length >= plan.limit!) break
    }

    const newLimit = Math.max(0, plan.newLimit ?? defaultNewLimit)
    // New cards come from a prefix of the files; stop once it holds enough of them. The
    // prefix grows by a batch of files parsed in one load, doubling each round: a load and
    // a plan a file cost 7-8 ms a round, and a learner's new cards often lie past every
    // file allowed (the whole vault is then read after these).
    for (let prefix = 0, batch = 1; ; batch *= 2) {
      const candidates = planSession(inOrder(), lookup, {
        ...plan,
        limit: undefined,
        shuffleSeed: undefined,
      })
      // The new cards come before the learning steps planned ahead: only the due ones go first.
      const due = candidates.filter((card) => {
        const stored = lookup(card)
        return stored !== undefined && reviewPlace(stored, plan) === 'due'
      }).length
      const needed = Math.min(newLimit, plan.limit === undefined ? newLimit : plan.limit - due)
      const prefixFiles = new Set(files.slice(0, prefix))
      const fromPrefix = candidates.filter(
        (card) => lookup(card) === undefined && prefixFiles.has(card.note.source.absolutePath),
      ).length
      if (fromPrefix >= needed || prefix >= files.length) {
        return planSession(inOrder(), lookup, plan)
      }
      const next = nextFiles(files, prefix, batch, maximumFiles - parsed.size, parsed)
      if (next.length === 0) return undefined
      await parse(next)
      prefix += next.length
    }
  } catch {
    // The whole-vault load reports whatever went wrong, with its diagnostics.
    return undefined
  }
}

/**
 * The cards of the notes parsed, in vault order; throws `WholeVaultNeeded`
 * when only the whole vault can tell their keys.
 */
function collectParsed(
  notes: Note[],
  cardsOf: (note: Note) => readonly number[],
  store: Store,
): QuizCard[] {
  // Copies of a note are numbered in vault order among the files parsed, as the whole
  // vault numbers them. A file not parsed could hold an earlier copy only of a note
  // after it, and none such is planned: new cards come from the first files, and a
  // due card keyed by content has no place in the index (so the whole vault loads).
  markContentCopies(notes)
  const collected = collectCards(
    notes,
    cardsOf,
    store.lostId,
    undefined,
    store.editedLostIds,
    undefined,
    store.location,
  )
  // A note that lost its ID line takes back no ID written in any file of the vault (after
  // a `DELETE` marker: a note deleted on purpose), which only the whole vault knows.
  if (collected.lostIdLine.length > 0) throw new WholeVaultNeeded()
  return collected.cards
}

/**
 * The next `batch` files after the first `prefix`, fewer when more than
 * `fresh` of them are not yet `parsed`; none when `fresh` is 0 (no more
 * files may be parsed).
 */
function nextFiles(
  files: readonly string[],
  prefix: number,
  batch: number,
  fresh: number,
  parsed: ReadonlyMap<string, unknown>,
): string[] {
  if (fresh <= 0) return []
  const next: string[] = []
  for (let index = prefix, left = fresh; index < Math.min(files.length, prefix + batch); index++) {
    const file = files[index]!
    if (!parsed.has(file)) {
      if (left === 0) break
      left -= 1
    }
    next.push(file)
  }
  return next
}

/**
 * The note files of the scope, as the vault loader lists and orders them:
 * each real file once, however many links (symbolic or hard) reach it, so
 * no note is planned twice.
 */
async function listNoteFiles(cwd: string, paths: string[]): Promise<string[]> {
  const { files } = await listVaultFiles({ cwd, paths, lookAtEveryFile: true }, [])
  return files.map((file) => file.absolutePath)
}
