/**
 * Load what a quiz or stats run needs: the vault's notes (through the
 * parser's `loadVault`), its trackable cards and the progress store.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import type { Note } from '../model/note.js'
import type { QuizCard } from './quiz-card.js'
import {
  collectCards,
  type EditedLostIdFinder,
  type LostIdFinder,
  type MovedNoteFinder,
} from './session.js'
import type { LastSeenNote } from './shared-id.js'
import { resolveStateDirectory } from './state-directory.js'
import { openStore, type Store } from './store.js'

/** The parser's vault loader, injected so tests and commands can choose. */
export type VaultLoader = (options: {
  cwd: string
  paths: string[]
  /** SIGINT/SIGTERM: reading stops with `InterruptedError`. */
  signal?: AbortSignal | undefined
  /** Told as each note file is read (`done` of `total`): a terminal's status line. */
  onRead?: ((done: number, total: number) => void) | undefined
}) => Promise<LoadedNotes> | LoadedNotes

/** What a vault loader gives. */
export interface LoadedNotes {
  notes: Note[]
  diagnostics: Diagnostic[]
  /**
   * Each note's card ordinals as the package has them (from its rendered
   * fields: the commands' loader works them out); without it, its Markdown's
   * (`cardOrds`), which differ for a few notes (`render/card-ords-scan.ts`).
   */
  cards?: ((note: Note) => readonly number[]) | undefined
  /**
   * Every ID written in the files read (`ids/allocate.ts`'s `collectUsedIds`),
   * the ones after a `DELETE` marker among them: no note that lost its ID
   * line is quizzed under one of those (see `collectCards`). Asked only when
   * a note has no ID: the files are not scanned for a vault whose notes all have one.
   * `leaveOut`: those of every file but these (files read again, as the
   * quiz's `e` reads the file it edited: their IDs are taken as they are now).
   */
  writtenIds?: ((leaveOut?: ReadonlySet<string>) => ReadonlySet<number>) | undefined
}

export interface OpenQuizOptions {
  cwd: string
  paths: string[]
  env: Record<string, string | undefined>
  /** `--state DIR`. */
  state?: string | undefined
  loadVault: VaultLoader
  /** SIGINT/SIGTERM: reading the vault stops with `InterruptedError`. */
  signal?: AbortSignal | undefined
}

export interface OpenedQuiz {
  cards: QuizCard[]
  /** Notes without an ID: quizzed by their content (`decklab build` writes their IDs). */
  withoutId: Note[]
  /** Those of them that lost their ID line, quizzed under the ID they had. */
  lostIdLine: { note: Note; id: number }[]
  /** Notes without an ID with the content of a note last answered in another file (session.ts). */
  movedWithoutId: { note: Note; id: number; from: string }[]
  /** Notes of the user's own note types: left out (decklab does not know their cards). */
  customType: Note[]
  diagnostics: Diagnostic[]
  /** The loader's `writtenIds`: the IDs written in the files read. */
  writtenIds?: LoadedNotes['writtenIds']
  store: Store
}

/** The progress store of the state directory chosen by `--state` and the environment. */
export function openQuizStore(options: Pick<OpenQuizOptions, 'cwd' | 'env' | 'state'>): Store {
  return openStore(
    resolveStateDirectory({ state: options.state, cwd: options.cwd, env: options.env }),
  )
}

/** The vault's trackable cards, the notes set aside and the diagnostics. */
export async function loadQuizCards(
  options: Pick<OpenQuizOptions, 'cwd' | 'paths' | 'loadVault' | 'signal'> & {
    /** The store's `lostId`: notes that lost their ID line are quizzed under the ID they had. */
    lostId?: LostIdFinder | undefined
    /** The store's `answeredElsewhere`: notes moved without their ID line are named. */
    answeredElsewhere?: MovedNoteFinder | undefined
    /** The store's `editedLostIds`: notes that lost their ID line and were edited since. */
    editedLostIds?: EditedLostIdFinder | undefined
    /** The store's `location`: of two notes with one ID, the one answered under it is quizzed. */
    lastSeen?: LastSeenNote | undefined
    /**
     * IDs written in files not read, which no note that lost its ID line takes
     * back either: the rest of the quiz's files, when some are read again.
     */
    writtenElsewhere?: ReadonlySet<number> | undefined
  },
): Promise<Omit<OpenedQuiz, 'store'>> {
  const vault = await options.loadVault({
    cwd: options.cwd,
    paths: options.paths,
    signal: options.signal,
  })
  const collected = collectCards(
    vault.notes,
    vault.cards,
    options.lostId,
    options.answeredElsewhere,
    options.editedLostIds,
    () => new Set([...(vault.writtenIds?.() ?? []), ...(options.writtenElsewhere ?? [])]),
    options.lastSeen,
  )
  return { ...collected, diagnostics: vault.diagnostics, writtenIds: vault.writtenIds }
}

/**
 * Open the store first (a damaged state file stops the run before any
 * parsing), then load the vault and collect its cards.
 */
export async function openQuiz(options: OpenQuizOptions): Promise<OpenedQuiz> {
  const store = openQuizStore(options)
  const finders = {
    lostId: store.lostId,
    answeredElsewhere: store.answeredElsewhere,
    editedLostIds: store.editedLostIds,
    lastSeen: store.location,
  }
  return { ...(await loadQuizCards({ ...options, ...finders })), store }
}
