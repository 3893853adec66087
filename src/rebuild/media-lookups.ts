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
import { isPassedOver } from '../fs/passed-over.js'
import { statKey } from '../fs/stat-key.js'
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
}

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
} {
  const files: Record<string, string> = {}
  const searches = new Map<string, RecordedSearch>()
  const listed = new Map<string, ReadonlyMap<string, ListedFolder>>()
  for (const { passed, found, search } of lookups) {
    files[found.path] ??= found.stat
    for (const path of passed) {
      // A missing path whose folder listing is recorded needs no stat of its own.
      if (path.stat === 'missing' && search && coveredBy(search, found.path, path.path)) continue
      files[path.path] ??= path.stat
    }
    if (search === undefined) continue
    const { vaultRoot, name, exact } = search
    searches.set(`${vaultRoot}\0${name}`, { vaultRoot, name, found: found.path, exact })
    listed.set(search.vaultRoot, search.folders)
  }
  if (searches.size === 0) return { files, search: undefined }
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
  return { files, search: { searches: recorded, folders } }
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
    if (statKey(folder) === stat) continue
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
