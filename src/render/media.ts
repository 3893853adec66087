/**
 * Media resolution: where an embedded image or sound lives, whether it may
 * be packaged (inside the vault root, real path included), and its Anki name.
 */
import { type Dirent, readdirSync, realpathSync, type Stats, statSync } from 'node:fs'
import { dirname, extname, isAbsolute, join, resolve, sep } from 'node:path'
import { fileKind } from '../fs/regular-file.js'
import { pathInside } from '../text/relative-path.js'
import { mediaName } from './media-name.js'

export type MediaKind = 'image' | 'audio'

/** A media file to package: where it is and the name the fields use. */
export interface MediaFile {
  /** Absolute real path, inside the vault root. */
  sourcePath: string
  /** Anki-safe, unique in the package. */
  name: string
  kind: MediaKind
}

const imageExtensions = new Set([
  '.png',
  '.jpg',
  '.jpeg',
  '.gif',
  '.bmp',
  '.svg',
  '.tiff',
  '.webp',
  '.avif',
])
const audioExtensions = new Set(['.mp3', '.wav', '.m4a', '.flac', '.ogg', '.opus', '.webm', '.aac'])

/** The media kind of a link by its extension (case-insensitive), or undefined for other files. */
export function mediaKind(link: string): MediaKind | undefined {
  const extension = extname(link).toLowerCase()
  if (imageExtensions.has(extension)) return 'image'
  if (audioExtensions.has(extension)) return 'audio'
  return undefined
}

/**
 * The media kind of an image embed's link (`![…](…)`, `<img src>`): by its
 * extension, and an image when the name has none (such a link names an
 * image whatever its name, so a missing one is reported, not left broken).
 */
export function embeddedMediaKind(link: string): MediaKind | undefined {
  return mediaKind(link) ?? (extname(link) === '' ? 'image' : undefined)
}

/** True for links that are URLs (`https:`, `data:`, `//host`): they are left as written. */
export function isRemoteLink(link: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(link) || link.startsWith('//')
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
  | { status: 'ok'; file: MediaFile }
  | { status: 'missing'; path: string }
  /** Something that is not a file stands at the link's path (a folder, a FIFO, a device). */
  | { status: 'not-a-file'; path: string; what: string }
  | { status: 'outside-vault'; path: string }

/** Where the embedding note lives. */
export interface MediaOrigin {
  absolutePath: string
  vaultRoot: string
}

/**
 * Resolve a local media link the way Obsidian does: next to the note, then
 * from the vault root, then (for a bare file name) anywhere in the vault by
 * basename, shortest path first. A link that leaves the vault, directly or
 * through a symlink, is refused before anything is read.
 */
export function resolveMedia(link: string, origin: MediaOrigin, kind: MediaKind): MediaResolution {
  const vaultRoot = resolve(origin.vaultRoot)
  const noteRelative = isAbsolute(link)
    ? resolve(link)
    : resolve(dirname(origin.absolutePath), link)
  if (!isInside(vaultRoot, noteRelative)) return { status: 'outside-vault', path: noteRelative }
  const candidates = [noteRelative]
  if (!isAbsolute(link)) {
    const rootRelative = resolve(vaultRoot, link)
    if (isInside(vaultRoot, rootRelative)) candidates.push(rootRelative)
  }
  let notAFile: { path: string; what: string } | undefined
  for (const candidate of candidates) {
    const stats = statOf(candidate)
    if (stats?.isFile()) return checkRealPath(candidate, vaultRoot, kind)
    if (stats && !notAFile) notAFile = { path: candidate, what: fileKind(stats) }
  }
  if (!/[/\\]/.test(link)) {
    const found = findByBasename(vaultRoot, link)
    if (found !== undefined) return checkRealPath(found, vaultRoot, kind)
  }
  if (notAFile) return { status: 'not-a-file', ...notAFile }
  return { status: 'missing', path: noteRelative }
}

function checkRealPath(path: string, vaultRoot: string, kind: MediaKind): MediaResolution {
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
  return { status: 'ok', file: { sourcePath: realPath, name: mediaName(vaultRelative), kind } }
}

/** Below `root` (a media file is never the vault root itself). */
function isInside(root: string, path: string): boolean {
  return Boolean(pathInside(root, path))
}

function isFile(path: string): boolean {
  return statOf(path)?.isFile() ?? false
}

function statOf(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false })
  } catch {
    // EACCES, ENOTDIR, ELOOP: nothing that can be packaged.
    return undefined
  }
}

/** Vault root → basename → absolute paths, shortest (then code-unit order) first. */
const basenameIndexes = new Map<string, Map<string, string[]>>()

/** Forget the vault file lists used for basename search (for long-running processes that watch files). */
export function clearMediaSearchCache(): void {
  basenameIndexes.clear()
}

function findByBasename(vaultRoot: string, basename: string): string | undefined {
  let index = basenameIndexes.get(vaultRoot)
  if (index === undefined) {
    index = buildBasenameIndex(vaultRoot)
    basenameIndexes.set(vaultRoot, index)
  }
  const exact = index.get(basename)?.find(isFile)
  if (exact !== undefined) return exact
  // Obsidian matches link paths case-insensitively.
  return index.get(basename.toLowerCase())?.find(isFile)
}

function buildBasenameIndex(vaultRoot: string): Map<string, string[]> {
  const index = new Map<string, string[]>()
  const add = (key: string, path: string): void => {
    const list = index.get(key)
    if (list === undefined) index.set(key, [path])
    else if (!list.includes(path)) list.push(path)
  }
  const walk = (directory: string): void => {
    let entries: Dirent[]
    try {
      entries = readdirSync(directory, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      // Hidden folders (.obsidian, .git, .trash) and dependencies are not notes' media.
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue
      const path = join(directory, entry.name)
      // Symlinked folders are not followed; symlinked files are listed and checked later.
      if (entry.isDirectory()) walk(path)
      else if (mediaKind(entry.name) !== undefined) {
        add(entry.name, path)
        add(entry.name.toLowerCase(), path)
      }
    }
  }
  walk(vaultRoot)
  for (const list of index.values()) {
    list.sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0))
  }
  return index
}
