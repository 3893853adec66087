/**
 * Media links in the build record. A link means whichever file it resolves
 * to now (next to the note, from the vault root, else the shortest path with
 * that name anywhere in the vault), so a file added elsewhere can change
 * what the package should hold. The record keeps what decided each
 * resolution, and the "nothing changed" check asks whether it would now go
 * another way, searching nothing:
 * - each path passed over and the path found, by stat key;
 * - for a bare name found by searching the vault, each folder that could
 *   hold a better match (one with a path no longer than the one found, or
 *   any one after a match in another case or Unicode form only, which an exact name
 *   anywhere beats), by stat key and, when that moved, by its listing of
 *   that name and of the subfolders that could hold one.
 * - for a path found by its end anywhere in the vault (`Sub/pic.png` for
 *   `deep/Sub/pic.png`), every folder, as for a name matched in another case
 *   only;
 * - for a path found in another case or Unicode form only, each folder
 *   listed to match its segments, by stat key and, when that moved, by its
 *   entries named as the segment looked for there (in any case or form).
 * Work is in proportion to the searches and the folders they could change.
 *
 * The folders the build writes its package into (`dist/`, or `-o`'s) are
 * searched like any other, so an image put there by hand is found as
 * Obsidian finds it; but their coming into being is the build's own doing,
 * not a change: they are left out of their parent's listing and recorded
 * each as a folder of its own (as empty, when the search found it missing),
 * so only a file put in them that could be a better match counts. Hidden
 * folders and `node_modules`, which the search never enters, count neither.
 */
import { type Dirent, readdirSync } from 'node:fs'
import { basename, dirname, join, sep } from 'node:path'
import { entriesNamed } from '../fs/entries-named.js'
import { isPassedOver } from '../fs/passed-over.js'
import { statUnchanged } from '../fs/stat-key.js'
import { linkNameKey } from '../text/link-name-key.js'

/** A folder as the search listed it (the renderer's `ListedFolder`). */
export interface ListedFolder {
  stat: string
  entries: ReadonlyArray<{ name: string; folder: boolean }> | undefined
}

/** What decided where a link resolved (the renderer's `MediaLookup`). */
export interface MediaLookup {
  passed: ReadonlyArray<{ path: string; stat: string }>
  found: { path: string; stat: string }
  search?:
    | {
        vaultRoot: string
        name: string
        exact: boolean
        folders: ReadonlyMap<string, ListedFolder>
      }
    | undefined
  /** For a path matched in another case or Unicode form: each folder listed, and the key searched for. */
  folded?: ReadonlyArray<FoldedFolder> | undefined
}

/** A folder listed to match a path's segment in any case or Unicode form (the renderer's `FoldedFolder`). */
export interface FoldedFolder {
  path: string
  key: string
  stat: string
  entries: ReadonlyArray<{ name: string; folder: boolean }> | undefined
}

/**
 * Folder → its stat key, and each segment key looked for in it with its
 * entries so named as listed then (`foldListing`).
 */
export type MediaFoldRecord = Record<string, { stat: string; names: Record<string, string> }>

/** A search as recorded: which folders could change it follows from these. */
export interface RecordedSearch {
  vaultRoot: string
  name: string
  /** The path it found (its length bounds the folders that matter). */
  found: string
  exact: boolean
}

export interface MediaSearchRecord {
  searches: RecordedSearch[]
  /** Folder → its stat key and its listing (`listing`), as the search read it. */
  folders: Record<string, { stat: string; listing: string }>
}

/**
 * The record of these lookups: paths → stat key, and the searches with their
 * folders; `output`, the package the build writes (see the top of this file).
 */
export function recordLookups(
  lookups: Iterable<MediaLookup>,
  output?: string | undefined,
): {
  files: Record<string, string>
  search: MediaSearchRecord | undefined
  folds: MediaFoldRecord | undefined
} {
  const files: Record<string, string> = {}
  const searches = new Map<string, RecordedSearch>()
  const listed = new Map<string, ReadonlyMap<string, ListedFolder>>()
  const folds = new Map<string, { stat: string; keys: Map<string, string> }>()
  for (const { passed, found, search, folded } of lookups) {
    files[found.path] ??= found.stat
    for (const { path, key, stat, entries } of folded ?? []) {
      const fold = folds.get(path) ?? { stat, keys: new Map<string, string>() }
      folds.set(path, fold)
      if (!fold.keys.has(key)) fold.keys.set(key, foldListing(entries))
    }
    for (const path of passed) {
      // A missing path whose folder listing is recorded needs no stat of its own.
      if (path.stat === 'missing' && search && coveredBy(search, found.path, path.path)) continue
      files[path.path] ??= path.stat
    }
    if (search === undefined) continue
    const { vaultRoot, name } = search
    const key = `${vaultRoot}\0${name}`
    // A path-end search for a name a bare link found too: any folder may decide it.
    const exact = search.exact && searches.get(key)?.exact !== false
    searches.set(key, { vaultRoot, name, found: found.path, exact })
    listed.set(search.vaultRoot, search.folders)
  }
  const foldRecord = recordFolds(folds)
  if (searches.size === 0) return { files, search: undefined, folds: foldRecord }
  const recorded = [...searches.values()]
  const folders: MediaSearchRecord['folders'] = {}
  const own = outputFolders(output, listed.keys())
  for (const vaultFolders of listed.values()) {
    for (const [folder, { stat, entries }] of vaultFolders) {
      // Every search the folder could change, as `searchesUnchanged` will work them out.
      const deciding = recorded.filter((search) => mayHoldBetter(search, folder))
      if (deciding.length > 0)
        folders[folder] = { stat, listing: listing(folder, entries, deciding, own) }
    }
    // A folder of the package's made by this build held nothing when the search ran.
    for (const folder of own) {
      if (vaultFolders.has(folder)) continue
      if (recorded.some((search) => mayHoldBetter(search, folder))) {
        folders[folder] = { stat: 'missing', listing: '' }
      }
    }
  }
  return { files, search: { searches: recorded, folders }, folds: foldRecord }
}

/** The folds' folders, in path order, each with its keys in order (the record's bytes are the same each build). */
function recordFolds(
  folds: ReadonlyMap<string, { stat: string; keys: ReadonlyMap<string, string> }>,
): MediaFoldRecord | undefined {
  if (folds.size === 0) return undefined
  const record: MediaFoldRecord = {}
  for (const path of [...folds.keys()].sort()) {
    const { stat, keys } = folds.get(path)!
    // No prototype: a segment may be named `__proto__`.
    const names: Record<string, string> = Object.create(null)
    for (const key of [...keys.keys()].sort()) names[key] = keys.get(key)!
    record[path] = { stat, names }
  }
  return record
}

/** A folder's entries so named, as text: `name` or `name/` for a folder, or `unlisted`. */
function foldListing(entries: FoldedFolder['entries']): string {
  if (entries === undefined) return 'unlisted'
  return entries.map(({ name, folder }) => (folder ? `${name}/` : name)).join('\0')
}

/** Every folder a path's match listed holds the same names for its segments (or has not moved). */
export function foldsUnchanged(record: MediaFoldRecord | undefined): boolean {
  if (record === undefined) return true
  for (const [folder, { stat, names }] of Object.entries(record)) {
    if (statUnchanged(folder, stat)) continue
    // Touched (a note saved there, the build's `dist/` made): unchanged if its names are.
    for (const [key, listing] of Object.entries(names)) {
      let entries: FoldedFolder['entries']
      try {
        entries = entriesNamed(folder, key)
      } catch {
        entries = undefined
      }
      if (foldListing(entries) !== listing) return false
    }
  }
  return true
}

/**
 * The folders inside the vault roots that hold the package `output` (its
 * folder and theirs up to a vault root): the build makes them.
 */
function outputFolders(output: string | undefined, vaultRoots: Iterable<string>): Set<string> {
  const folders = new Set<string>()
  if (output === undefined) return folders
  for (const vaultRoot of vaultRoots) {
    for (
      let folder = dirname(output);
      folder.startsWith(vaultRoot + sep);
      folder = dirname(folder)
    ) {
      folders.add(folder)
    }
  }
  return folders
}

/** Every recorded folder lists the searched names and subfolders as it did (`output`: as recorded). */
export function searchesUnchanged(
  record: MediaSearchRecord | undefined,
  output?: string | undefined,
): boolean {
  if (record === undefined) return true
  let own: Set<string> | undefined
  for (const [folder, { stat, listing: recorded }] of Object.entries(record.folders)) {
    if (statUnchanged(folder, stat)) continue
    // Touched (a note saved or added there, say): unchanged if its listing is.
    const deciding = record.searches.filter((search) => mayHoldBetter(search, folder))
    own ??= outputFolders(
      output,
      record.searches.map((search) => search.vaultRoot),
    )
    if (listing(folder, currentEntries(folder), deciding, own) !== recorded) return false
  }
  return true
}

/** `path` is the searched name in a folder whose listing is recorded (see `recordLookups`). */
function coveredBy(
  search: NonNullable<MediaLookup['search']>,
  found: string,
  path: string,
): boolean {
  const folder = dirname(path)
  return (
    linkNameKey(basename(path)) === linkNameKey(search.name) &&
    search.folders.has(folder) &&
    mayHoldBetter({ ...search, found }, folder)
  )
}

/**
 * Whether a file named as searched in `folder` could be found before the
 * found one: the search takes exact names first, then the shortest path
 * (ties by code units, so an equal length may win too).
 */
function mayHoldBetter(search: RecordedSearch, folder: string): boolean {
  if (folder !== search.vaultRoot && !folder.startsWith(search.vaultRoot + sep)) return false
  return !search.exact || folder.length + sep.length + search.name.length <= search.found.length
}

/**
 * What of a folder decides `searches`: its entries named as searched (in
 * any case or Unicode form) and its subfolders that could hold a better match, sorted. The
 * entries the search passes over (hidden ones, `node_modules`) and the
 * package's own folders (`own`, recorded each on its own) are left out.
 */
function listing(
  folder: string,
  entries: ListedFolder['entries'],
  searches: readonly RecordedSearch[],
  own: ReadonlySet<string>,
): string {
  if (entries === undefined) return 'unlisted'
  const names = new Set(searches.map((search) => linkNameKey(search.name)))
  const kept: string[] = []
  for (const { name, folder: isFolder } of entries) {
    if (isPassedOver(name)) continue
    if (isFolder) {
      const path = join(folder, name)
      if (own.has(path)) continue
      if (searches.some((search) => mayHoldBetter(search, path))) kept.push(`${name}/`)
    } else if (names.has(linkNameKey(name))) kept.push(name)
  }
  return kept.sort().join('\0')
}

function currentEntries(folder: string): ListedFolder['entries'] {
  let entries: Dirent[]
  try {
    entries = readdirSync(folder, { withFileTypes: true })
  } catch {
    return undefined
  }
  return entries.map((entry) => ({ name: entry.name, folder: entry.isDirectory() }))
}
