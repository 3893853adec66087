/**
 * The session plan without parsing the whole vault. The plan is the due
 * cards (whose files the state's note index remembers) and the first new
 * cards in source order (the first note files, in the order the vault loader
 * sorts them). When a few files are enough to know the whole plan exactly,
 * only they are parsed, so the first card (and the session's size) appear at
 * once; the whole vault is loaded while the user reads it. Anything unusual
 * gives `undefined`, and the caller simply waits for the whole vault.
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
  defaultNewLimit,
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
  /** Files to parse at most before giving up (default 50). */
  maximumFiles?: number | undefined
}

/** The whole session plan from as little parsing as possible, or undefined. */
export async function quickPlan(options: QuickStartOptions): Promise<QuizCard[] | undefined> {
  const { plan, store } = options
  if (plan.limit === 0) return undefined
  const maximumFiles = options.maximumFiles ?? 50
  try {
    const roots = scopeRoots(options.cwd, options.paths)
    const now = plan.now.getTime()
    // The stored cards the plan may hold: the due ones (every one with --cram).
    const wanted = [...store.cards()]
      .filter(([, card]) => plan.cram || new Date(card.due).getTime() <= now)
      .map(([key]) => key)
    const files = await listNoteFiles(options.cwd, roots)
    const order = new Map(files.map((file, index) => [file, index]))
    const wantedFiles = new Set<string>()
    for (const key of wanted) {
      const location = store.location(key.slice(0, key.lastIndexOf('/')))
      if (!location) return undefined
      if (!isInScope(location.file, roots)) continue
      // Moved or deleted: only the whole vault knows where it went.
      if (!existsSync(location.file) || !order.has(location.file)) return undefined
      wantedFiles.add(location.file)
    }
    if (wantedFiles.size > maximumFiles) return undefined
    const parsed = new Map<string, QuizCard[]>()
    const parse = async (file: string) => {
      if (parsed.has(file)) return
      const vault = await options.loadVault({ cwd: options.cwd, paths: [file] })
      parsed.set(file, collectCards(vault.notes).cards)
    }
    for (const file of wantedFiles) await parse(file)
    const inScope = (key: string) => {
      const location = store.location(key.slice(0, key.lastIndexOf('/')))
      return location !== undefined && isInScope(location.file, roots)
    }
    const found = new Set([...parsed.values()].flat().map((card) => card.key))
    if (wanted.some((key) => inScope(key) && !found.has(key))) return undefined

    const lookup = (card: QuizCard) => store.lookup(card)
    const inOrder = () =>
      [...parsed.entries()]
        .sort((left, right) => order.get(left[0])! - order.get(right[0])!)
        .flatMap(([, cards]) => cards)
    const newLimit = Math.max(0, plan.newLimit ?? defaultNewLimit)
    // New cards come from a prefix of the files; stop once it holds enough of them.
    for (let prefix = 0; ; prefix += 1) {
      const candidates = planSession(inOrder(), lookup, {
        ...plan,
        limit: undefined,
        shuffleSeed: undefined,
      })
      const due = candidates.filter((card) => lookup(card) !== undefined).length
      const needed = Math.min(newLimit, plan.limit === undefined ? newLimit : plan.limit - due)
      const prefixFiles = new Set(files.slice(0, prefix))
      const fromPrefix = candidates.filter(
        (card) => lookup(card) === undefined && prefixFiles.has(card.note.source.absolutePath),
      ).length
      if (fromPrefix >= needed || prefix >= files.length) {
        return planSession(inOrder(), lookup, plan)
      }
      if (parsed.size >= maximumFiles) return undefined
      await parse(files[prefix]!)
    }
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
    for (const file of await scanFolder(root, vaultRoot, settings)) found.add(file.absolutePath)
  }
  return [...found]
    .map((path) => ({ path, file: slashRelative(cwd, path) }))
    .sort((left, right) => compareStrings(left.file, right.file))
    .map((entry) => entry.path)
}
