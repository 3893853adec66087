/**
 * The vault-wide search for a bare media name (`![[pic.png]]` found
 * anywhere in the vault, shortest path first), listed once per vault and
 * run. It keeps each folder's listing as it read it: a build records the
 * folders that decided a search, so a later one can tell that the same
 * search would now find another file.
 */
import { type Dirent, readdirSync } from 'node:fs'
import { dirname, join, sep } from 'node:path'
import { isPassedOver } from '../fs/passed-over.js'
import { statKey, statsKey } from '../fs/stat-key.js'
import { statOrUndefined } from '../fs/stat-or-undefined.js'
import { linkNameKey } from '../text/link-name-key.js'
import { mediaKind } from './media-kind.js'

/** A folder as the search listed it. */
export interface ListedFolder {
  /** Its stat key, taken before it was listed (so a later change moves it). */
  stat: string
  /** Its subfolders and media files; undefined when it could not be listed. */
  entries: ReadonlyArray<{ name: string; folder: boolean }> | undefined
}

/** A path looked at and its stat key then. */
export interface LookedAt {
  path: string
  stat: string
}

/** What a search found, and what decided it. */
export interface BasenameMatch {
  found: LookedAt
  /**
   * False when only a name in another case matched: an exact one anywhere
   * would win. Always false for a path's end (`findByPathEnd`), where a
   * file added in any folder could be a better match.
   */
  exact: boolean
  /** Listed paths passed over first, not being files when looked at. */
  passed: LookedAt[]
  /** Every folder searched (the vault's, hidden ones and `node_modules` left out). */
  folders: ReadonlyMap<string, ListedFolder>
}

interface VaultIndex {
  /** Basename → absolute paths, shortest (then code-unit order) first. */
  byName: Map<string, string[]>
  /** `linkNameKey` of a basename → absolute paths of every file so named in any case or Unicode form, in the same order. */
  byLowerName: Map<string, string[]>
  folders: Map<string, ListedFolder>
}

const indexes = new Map<string, VaultIndex>()

/** Forget the vault file lists used for basename search (for long-running processes that watch files). */
export function clearMediaSearchCache(): void {
  indexes.clear()
}

/** The first file named `basename` in the vault, exactly, else in another case or Unicode form. */
export function findByBasename(vaultRoot: string, basename: string): BasenameMatch | undefined {
  const index = indexOf(vaultRoot)
  const passed: LookedAt[] = []
  const exact = firstFile(index.byName.get(basename), passed)
  if (exact !== undefined) return { found: exact, exact: true, passed, folders: index.folders }
  const other = firstFile(index.byLowerName.get(linkNameKey(basename)), passed)
  if (other !== undefined) return { found: other, exact: false, passed, folders: index.folders }
  return undefined
}

/**
 * The file whose vault path ends with the folders and name of `link`
 * (`Sub/pic.png` for `deep/Sub/pic.png`), for a link that names no path
 * from the note or the vault root: one in the note's own folder first,
 * else the shortest path, exactly spelled before another case or Unicode
 * form. Obsidian resolves such partial paths so (observed with its
 * `getFirstLinkpathDest` on 1.13.7; its documentation says only "best
 * match"). Undefined when `link` is no plain relative path.
 */
export function findByPathEnd(
  vaultRoot: string,
  link: string,
  noteFolder: string,
): BasenameMatch | undefined {
  const segments = link.split('/')
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    return undefined
  }
  const index = indexOf(vaultRoot)
  const name = segments[segments.length - 1]!
  const passed: LookedAt[] = []
  // Compared within the vault: its root's own name is no folder of a link.
  const tail = (path: string): string =>
    path
      .slice(vaultRoot.length + 1)
      .split(sep)
      .slice(-segments.length)
      .join('/')
  const foldedLink = linkNameKey(link)
  for (const [names, key, matches] of [
    [index.byName, name, (path: string) => tail(path) === link],
    [
      index.byLowerName,
      linkNameKey(name),
      (path: string) => linkNameKey(tail(path)) === foldedLink,
    ],
  ] as const) {
    const paths = (names.get(key) ?? []).filter(matches)
    // The note's own folder wins over a shorter path elsewhere.
    const own = paths.filter((path) => dirname(path) === noteFolder)
    const others = paths.filter((path) => dirname(path) !== noteFolder)
    const found = firstFile(own, passed) ?? firstFile(others, passed)
    // Recorded as a search any folder may change (`exact: false`): a file
    // added anywhere with this name may end with the link's folders.
    if (found !== undefined) return { found, exact: false, passed, folders: index.folders }
  }
  return undefined
}

function indexOf(vaultRoot: string): VaultIndex {
  let index = indexes.get(vaultRoot)
  if (index === undefined) {
    index = buildIndex(vaultRoot)
    indexes.set(vaultRoot, index)
  }
  return index
}

function firstFile(paths: readonly string[] | undefined, passed: LookedAt[]): LookedAt | undefined {
  for (const path of paths ?? []) {
    const stats = statOrUndefined(path)
    const looked = { path, stat: statsKey(stats) }
    if (stats?.isFile()) return looked
    passed.push(looked)
  }
  return undefined
}

function buildIndex(vaultRoot: string): VaultIndex {
  const byName = new Map<string, string[]>()
  const byLowerName = new Map<string, string[]>()
  const folders = new Map<string, ListedFolder>()
  // Exact names and keyed names apart: a file named `Pic.png` is no exact match for `pic.png`.
  const add = (names: Map<string, string[]>, key: string, path: string): void => {
    const list = names.get(key)
    if (list === undefined) names.set(key, [path])
    else list.push(path)
  }
  const walk = (directory: string): void => {
    const stat = statKey(directory)
    let entries: Dirent[]
    try {
      entries = readdirSync(directory, { withFileTypes: true })
    } catch {
      folders.set(directory, { stat, entries: undefined })
      return
    }
    const listed: Array<{ name: string; folder: boolean }> = []
    folders.set(directory, { stat, entries: listed })
    for (const entry of entries) {
      const folder = entry.isDirectory()
      if (!folder && mediaKind(entry.name) === undefined) continue
      // Listed whatever its name: the record's listing decides what matters.
      listed.push({ name: entry.name, folder })
      // Hidden folders (.obsidian, .git, .trash) and dependencies are not notes' media.
      if (isPassedOver(entry.name)) continue
      const path = join(directory, entry.name)
      // Symlinked folders are not followed; symlinked files are listed and checked later.
      if (folder) walk(path)
      else {
        add(byName, entry.name, path)
        add(byLowerName, linkNameKey(entry.name), path)
      }
    }
  }
  walk(vaultRoot)
  for (const list of [...byName.values(), ...byLowerName.values()]) {
    list.sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0))
  }
  return { byName, byLowerName, folders }
}
