/**
 * Media resolution: where an embedded image or sound lives, whether it may
 * be packaged (inside the vault root, real path included), its Anki name,
 * and what decided where it lives.
 */
import { realpathSync, statSync } from 'node:fs'
import { basename, dirname, isAbsolute, resolve, sep } from 'node:path'
import { fileKind } from '../fs/regular-file.js'
import { statsKey } from '../fs/stat-key.js'
import { statOrUndefined } from '../fs/stat-or-undefined.js'
import { pathInside } from '../text/relative-path.js'
import {
  findByBasename,
  findByPathEnd,
  type ListedFolder,
  type LookedAt,
} from './basename-index.js'
import type { MediaKind } from './media-kind.js'
import { mediaName } from './media-name.js'
import { type FoldedFolder, findFolded } from './path-fold.js'

export { clearMediaSearchCache } from './basename-index.js'
export { embeddedMediaKind, type MediaKind, mediaKind } from './media-kind.js'

/** A media file to package: where it is and the name the fields use. */
export interface MediaFile {
  /** Absolute real path, inside the vault root. */
  sourcePath: string
  /** Anki-safe, unique in the package. */
  name: string
  kind: MediaKind
}

/**
 * What decided where a link resolved, so a later build can tell it would
 * now resolve elsewhere: a file at a path passed over would be found first,
 * and so would a better match of a vault-wide search.
 */
export interface MediaLookup {
  /** Paths looked at first, which were not files then. */
  passed: LookedAt[]
  /** The path found (before links in it are resolved). */
  found: LookedAt
  /** For a bare name not found next to the note or at the vault root: the search that found it. */
  search?: MediaSearch | undefined
  /**
   * For a path found in another case or Unicode form only: each folder
   * listed to match its segments, with what it held so named.
   */
  folded?: readonly FoldedFolder[] | undefined
}

/** A vault-wide search for a bare name (see `basename-index.ts`). */
export interface MediaSearch {
  vaultRoot: string
  name: string
  /** False when it matched a name in another case only. */
  exact: boolean
  /** The vault's folders as the search listed them. */
  folders: ReadonlyMap<string, ListedFolder>
}

/**
 * Schemes URLs use without `//`: those a page loads or runs (`data:`,
 * `blob:`, `about:`, `javascript:`, `vbscript:`), addresses (`mailto:`,
 * `tel:`) and the special schemes, which a browser reads as URLs even
 * without `//` (`http:p.png`).
 */
const schemesWithoutSlashes = new Set([
  'data',
  'blob',
  'about',
  'javascript',
  'vbscript',
  'mailto',
  'tel',
  'http',
  'https',
  'ftp',
  'file',
  'ws',
  'wss',
])

/**
 * True for links that are URLs, left as written: `//host/…`, a scheme
 * followed by `//` (`https://`, `file:///`, `app://`), or one of the schemes
 * URLs use without it (`data:`). Any other colon is part of a file name
 * (`foo:bar.png`, a screenshot's `12:30.png`): no card's webview would load
 * `foo:` as a URL, and Anki's media names hold no colon, so such a link can
 * only mean a vault file, packaged under a name without it.
 */
export function isUrlLink(link: string): boolean {
  if (link.startsWith('//')) return true
  const scheme = /^([a-z][a-z0-9+.-]*):(\/\/)?/i.exec(link)
  if (scheme === null) return false
  return scheme[2] !== undefined || schemesWithoutSlashes.has(scheme[1]!.toLowerCase())
}

/** The file path of a local URL-style link: query and fragment dropped, `%20` decoded. */
export function localLinkPath(link: string): string {
  const path = link.replace(/[?#].*$/, '')
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}

export type MediaResolution =
  | { status: 'ok'; file: MediaFile; lookup: MediaLookup }
  | { status: 'missing'; path: string }
  /** Something that is not a file stands at the link's path (a folder, a FIFO, a device). */
  | { status: 'not-a-file'; path: string; what: string }
  | { status: 'outside-vault'; path: string }
  /** The file is hidden, or lies in a hidden folder of the vault (`.ssh/`, `.git/`). */
  | { status: 'hidden'; path: string; hidden: string }

/** Where the embedding note lives. */
export interface MediaOrigin {
  absolutePath: string
  vaultRoot: string
}

/**
 * Resolve a local media link the way Obsidian does: next to the note, then
 * from the vault root, then (for a bare file name) anywhere in the vault by
 * basename, shortest path first, or (for a path) next to the note or from
 * the vault root in another case or Unicode form, else anywhere its path
 * ends so (in the note's folder first, else the shortest). A link starting with `/`
 * is a path of this machine, else (when the vault has that file) a path
 * from the vault root. A link that leaves the vault, directly or through a
 * symlink, is refused before anything is read.
 */
export function resolveMedia(link: string, origin: MediaOrigin, kind: MediaKind): MediaResolution {
  const vaultRoot = resolve(origin.vaultRoot)
  const absolute = isAbsolute(link)
  let noteRelative = absolute ? resolve(link) : resolve(dirname(origin.absolutePath), link)
  // To Obsidian a leading `/` starts at the vault root (`/Attachments/pic.png`): a path
  // of this machine outside the vault is read so when the vault has that file.
  if (absolute && noteRelative !== vaultRoot && !isInside(vaultRoot, noteRelative)) {
    const fromRoot = resolve(vaultRoot, `.${link}`)
    if (isInside(vaultRoot, fromRoot) && inVault(vaultRoot, fromRoot)) noteRelative = fromRoot
  }
  // The vault root itself (`![](.)` beside a note at the root) is a folder, not outside it.
  if (noteRelative === vaultRoot) return { status: 'not-a-file', path: vaultRoot, what: 'a folder' }
  if (!isInside(vaultRoot, noteRelative)) return { status: 'outside-vault', path: noteRelative }
  const candidates = [noteRelative]
  if (!absolute) {
    const rootRelative = resolve(vaultRoot, link)
    if (isInside(vaultRoot, rootRelative)) candidates.push(rootRelative)
  }
  let notAFile: { path: string; what: string } | undefined
  const passed: LookedAt[] = []
  for (const candidate of candidates) {
    const stats = statOrUndefined(candidate)
    const looked = { path: candidate, stat: statsKey(stats) }
    // A path there that cannot be looked at (a link loop, a folder it may not enter) is no "missing".
    if (stats === undefined && !notAFile) {
      const reason = statError(candidate)
      if (reason !== undefined) notAFile = { path: candidate, what: `unreadable (${reason})` }
    }
    if (stats?.isFile()) return checkRealPath(vaultRoot, kind, { passed, found: looked })
    passed.push(looked)
    if (stats && !notAFile) notAFile = { path: candidate, what: fileKind(stats) }
  }
  if (!/[/\\]/.test(link)) {
    const match = findByBasename(vaultRoot, link)
    if (match !== undefined) {
      const { found, exact, folders } = match
      const search = { vaultRoot, name: link, exact, folders }
      return checkRealPath(vaultRoot, kind, { passed: [...passed, ...match.passed], found, search })
    }
  }
  // A path in another case or Unicode form (Obsidian matches paths case-blind; a Mac's NFD names).
  if (/[/\\]/.test(link) && !notAFile) {
    const folded: FoldedFolder[] = []
    for (const candidate of candidates) {
      const found = findFolded(vaultRoot, candidate, folded)
      if (found !== undefined) return checkRealPath(vaultRoot, kind, { passed, found, folded })
    }
    // Else a file whose path ends so (`Sub/pic.png` for `deep/Sub/pic.png`), as Obsidian finds it.
    const match = absolute
      ? undefined
      : findByPathEnd(vaultRoot, link, dirname(origin.absolutePath))
    if (match !== undefined) {
      const { found, folders } = match
      const search = { vaultRoot, name: basename(link), exact: false, folders }
      return checkRealPath(vaultRoot, kind, { passed: [...passed, ...match.passed], found, search })
    }
  }
  if (notAFile) return { status: 'not-a-file', ...notAFile }
  return { status: 'missing', path: noteRelative }
}

function checkRealPath(vaultRoot: string, kind: MediaKind, lookup: MediaLookup): MediaResolution {
  const path = lookup.found.path
  let realPath: string
  let realRoot: string
  try {
    realPath = realpathSync(path)
    realRoot = realpathSync(vaultRoot)
  } catch {
    // Removed or made unreadable since it was found: as good as missing.
    return { status: 'missing', path }
  }
  const inside = pathInside(realRoot, realPath)
  if (!inside) return { status: 'outside-vault', path }
  const vaultRelative = inside.split(sep).join('/')
  // Obsidian shows nothing hidden, and a vault root that is the folder decklab
  // runs in (a home folder) holds its owner's secrets there: `.ssh/id_rsa`,
  // `.aws/credentials`, `.env` (an embed without an extension is an image).
  const hidden = vaultRelative.split('/').find((segment) => segment.startsWith('.'))
  if (hidden !== undefined) return { status: 'hidden', path, hidden }
  const file = { sourcePath: realPath, name: mediaName(vaultRelative), kind }
  return { status: 'ok', file, lookup }
}

/** Whether a file is at `path` in the vault, in its spelling or in another case or Unicode form. */
function inVault(vaultRoot: string, path: string): boolean {
  return statOrUndefined(path)?.isFile() === true || findFolded(vaultRoot, path, []) !== undefined
}

/** Below `root` (a media file is never the vault root itself). */
function isInside(root: string, path: string): boolean {
  return Boolean(pathInside(root, path))
}

/** Why `path` cannot be looked at (`ELOOP`, `EACCES`), or undefined when it is simply not there. */
function statError(path: string): string | undefined {
  try {
    statSync(path, { throwIfNoEntry: false })
    return undefined
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error)
    return code === 'ENOTDIR' ? undefined : code
  }
}
