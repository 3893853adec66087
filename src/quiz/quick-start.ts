/**
 * The first card without parsing the whole vault. A session's first card is
 * either the most overdue stored card (whose file the state's note index
 * remembers) or, when nothing is due, the first new card in source order (the
 * first note file, in the order the vault loader sorts them). Parsing just
 * that file lets the first card appear at once; the whole vault is loaded
 * while the user reads it. Anything unusual gives `undefined`, and the caller
 * simply waits for the whole vault.
 */
import { existsSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { isAbsolute, join, resolve, sep } from 'node:path'
import { compareStrings } from '../diagnostics/diagnostic.js'
import { findVaultRoot, scanFolder, slashRelative } from '../notes/scan-files.js'
import { defaultSettings, parseSettings, settingsRelativePath } from '../notes/settings.js'
import { defaultNotePaths } from '../notes/vault-root.js'
import type { VaultLoader } from './open-vault.js'
import {
  collectCards,
  matchesFilters,
  type PlanOptions,
  planSession,
  type QuizCard,
} from './session.js'
import type { Store } from './store.js'

export interface QuickStartOptions {
  cwd: string
  /** The paths given (default: the vault you stand in, as the vault loader has it). */
  paths: string[]
  plan: PlanOptions
  store: Store
  loadVault: VaultLoader
  /** Files to try for a new card before giving up (default 25). */
  maximumFiles?: number | undefined
}

/** How many due candidates to try through the index before waiting for the vault. */
const maximumDueCandidates = 3

/** The session's first card from as little parsing as possible, or undefined. */
export async function findFirstCard(options: QuickStartOptions): Promise<QuizCard | undefined> {
  const { plan, store } = options
  if (plan.cram || plan.shuffleSeed !== undefined || plan.limit === 0) return undefined
  try {
    const roots = scopeRoots(options.cwd, options.paths)
    const now = plan.now.getTime()
    const due = [...store.cards()]
      .map(([key, card]) => ({ key, at: new Date(card.due).getTime() }))
      .filter((entry) => entry.at <= now)
      .sort((left, right) => left.at - right.at)
    if (due.length > 0) return await firstDueCard(options, due, roots)
    if ((plan.newLimit ?? 1) === 0) return undefined
    return await firstNewCard(options, roots)
  } catch {
    // The whole-vault load reports whatever went wrong, with its diagnostics.
    return undefined
  }
}

/** The absolute paths a run covers (default: the vault you stand in, as the vault loader has it). */
export function scopeRoots(cwd: string, paths: readonly string[]): string[] {
  const scope = paths.length > 0 ? paths : defaultNotePaths(cwd)
  return scope.map((path) => (isAbsolute(path) ? path : resolve(cwd, path)))
}

function isInScope(file: string, roots: readonly string[]): boolean {
  return roots.some((root) => file === root || file.startsWith(`${root}${sep}`))
}

async function firstDueCard(
  options: QuickStartOptions,
  due: readonly { key: string }[],
  roots: readonly string[],
): Promise<QuizCard | undefined> {
  for (const { key } of due.slice(0, maximumDueCandidates)) {
    const location = options.store.location(key.slice(0, key.lastIndexOf('/')))
    if (!location) return undefined
    if (!isInScope(location.file, roots) || !existsSync(location.file)) continue
    const vault = await options.loadVault({ cwd: options.cwd, paths: [location.file] })
    const card = collectCards(vault.notes).cards.find((candidate) => candidate.key === key)
    // Moved to another file: only the whole vault knows where it went.
    if (!card) return undefined
    if (matchesFilters(card.note, options.plan)) return card
  }
  return undefined
}

async function firstNewCard(
  options: QuickStartOptions,
  roots: readonly string[],
): Promise<QuizCard | undefined> {
  const files = await listNoteFiles(options.cwd, roots)
  for (const file of files.slice(0, options.maximumFiles ?? 25)) {
    const vault = await options.loadVault({ cwd: options.cwd, paths: [file] })
    const { cards } = collectCards(vault.notes)
    const [first] = planSession(cards, (card) => options.store.lookup(card), {
      ...options.plan,
      limit: 1,
    })
    if (first) return first
  }
  return undefined
}

/** The note files of the scope, sorted as the vault loader sorts them. */
async function listNoteFiles(cwd: string, roots: readonly string[]): Promise<string[]> {
  const found = new Set<string>()
  for (const root of roots) {
    const isDirectory = (await stat(root)).isDirectory()
    if (!isDirectory) {
      found.add(root)
      continue
    }
    const vaultRoot = findVaultRoot(root, true)
    let settings = defaultSettings()
    try {
      const text = await readFile(join(vaultRoot, settingsRelativePath), 'utf8')
      settings = parseSettings(text, settingsRelativePath).settings
    } catch {
      // no plugin settings: the defaults, as the vault loader does
    }
    for (const file of (await scanFolder(root, vaultRoot, settings)).files)
      found.add(file.absolutePath)
  }
  return [...found]
    .map((path) => ({ path, file: slashRelative(cwd, path) }))
    .sort((left, right) => compareStrings(left.file, right.file))
    .map((entry) => entry.path)
}
