import { type Dirent, realpathSync, type Stats, statSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { dirname, join, normalize, relative, sep } from 'node:path'
import { brokenLink } from '../fs/broken-link.js'
import { isPassedOver } from '../fs/passed-over.js'
import { fileKind } from '../fs/regular-file.js'
import { nfc } from '../text/nfc.js'
import { pathInside } from '../text/relative-path.js'
import { hexByte, utf8Pieces } from '../text/utf8-pieces.js'
import { compileGlobs } from './glob-match.js'
import type { VaultSettings } from './settings.js'
import { hasTxtSuffix, isTextNote } from './text-notes.js'

/** A note file found by the scan, with the vault it belongs to. */
export interface ScannedFile {
  absolutePath: string
  vaultRoot: string
  /** Path relative to the vault root, `/`-separated. */
  vaultPath: string
  /** The folder entry said: a regular file, not a link (no need to look again before reading). */
  regularNotLink?: boolean | undefined
}

/** `/`-separated relative path. */
export function slashRelative(from: string, to: string): string {
  const path = relative(from, to)
  return sep === '/' ? path : path.split(sep).join('/')
}

/**
 * The vault root for a path: the nearest folder holding `.obsidian/`, walking
 * up from the path to the filesystem root; otherwise the folder itself (or a
 * file's folder).
 */
export function findVaultRoot(absolutePath: string, isDirectory: boolean): string {
  const start = isDirectory ? absolutePath : dirname(absolutePath)
  for (let folder = start; ; folder = dirname(folder)) {
    try {
      if (statSync(join(folder, '.obsidian')).isDirectory()) return folder
    } catch {
      // not here; keep walking up
    }
    if (dirname(folder) === folder) return start
  }
}

/** A path the scan found but cannot read as a note, and why. */
export interface SkippedPath {
  /** Absolute path, for showing (a name that is not UTF-8 shows its bytes as `\xNN`). */
  path: string
  code:
    | 'not-regular-file'
    | 'non-utf8-name'
    | 'folder-unreadable'
    | 'folder-link-outside-vault'
    | 'broken-note-link'
  message: string
  /** Errors unless said (a folder that cannot be read is a warning: its notes may still be there). */
  severity?: 'warning' | undefined
  /** A name that is not UTF-8, as its bytes (for the command that renames it). */
  rawName?: Uint8Array | undefined
  /** The error code that stopped the read (`EACCES`), for a folder that cannot be read. */
  errno?: string | undefined
}

const utf8 = new TextDecoder('utf-8', { fatal: true })
const mdSuffix = Buffer.from('.md')

/**
 * The `.md` files under a folder (and `.txt` files in the plugin's Scan
 * Directory, see text-notes.ts), skipping dot-folders and `node_modules`, and
 * (relative to the vault) files matching the settings' ignore globs or, when
 * the folder contains the settings' Scan Directory, files outside it. A `.md`
 * that is not a regular file (a FIFO, socket or device, or a link to one), and
 * a name that is not UTF-8, are skipped and reported; a `.md` link that leads
 * nowhere (dangling or looping) is skipped with a warning, as no note is lost.
 */
export async function scanFolder(
  folder: string,
  vaultRoot: string,
  settings: VaultSettings,
  /** Every `.txt` file too, wherever it is (a search for the IDs written anywhere in a vault). */
  { everyTextFile = false }: { everyTextFile?: boolean } = {},
): Promise<{ files: ScannedFile[]; skipped: SkippedPath[] }> {
  const ignored =
    settings.ignoredFileGlobs.length > 0
      ? compileGlobs(settings.ignoredFileGlobs).matches
      : () => false
  // The Scan Directory narrows a scan of a folder that contains it (such as
  // the vault root); a folder outside it that the user names is read anyway.
  const folderPath = nfc(slashRelative(vaultRoot, folder))
  const scanDirectory =
    settings.scanDirectory !== '' &&
    (folderPath === '' || settings.scanDirectory.startsWith(`${folderPath}/`))
      ? settings.scanDirectory
      : ''
  const found: ScannedFile[] = []
  const skipped: SkippedPath[] = []
  let realRoot: string | undefined
  const walk = async (directory: string): Promise<void> => {
    let entries: Dirent<Buffer>[]
    try {
      entries = await readdir(directory, { withFileTypes: true, encoding: 'buffer' })
    } catch (error) {
      // Gone since it was listed: nothing to say. Anything else hides notes that are there.
      const code = (error as NodeJS.ErrnoException).code ?? String(error)
      if (code !== 'ENOENT') {
        skipped.push({
          path: directory,
          code: 'folder-unreadable',
          message: `Unexpected folder that cannot be read (${code}), expected a folder decklab may list: the notes in it are not read`,
          severity: 'warning',
          errno: code,
        })
      }
      return
    }
    // Worked out once per folder: `path.relative` per file was most of the scan's time.
    const folderVaultPath = slashRelative(vaultRoot, directory)
    const children: Promise<void>[] = []
    for (const entry of entries) {
      const isMarkdown = hasMdSuffix(entry.name)
      let name: string
      try {
        name = utf8.decode(entry.name)
      } catch {
        if (entry.name[0] === 0x2e || !(isMarkdown || entry.isDirectory())) continue
        skipped.push({
          path: join(directory, showBytes(entry.name)),
          rawName: entry.name,
          code: 'non-utf8-name',
          message: `Unexpected ${entry.isDirectory() ? 'folder' : 'file'} name that is not UTF-8, expected a UTF-8 name; it is skipped`,
        })
        continue
      }
      if (isPassedOver(name)) continue
      const path = childPath(directory, name)
      // An entry is never the vault root itself: its vault path is its folder's and its name.
      const vaultPath = folderVaultPath === '' ? name : `${folderVaultPath}/${name}`
      let isDirectory = entry.isDirectory()
      let isFile = entry.isFile()
      let kind = isDirectory || isFile ? '' : fileKind(entry)
      // A `.txt` may be a note too (in the Scan Directory: see text-notes.ts).
      const mayBeNote = isMarkdown || hasTxtSuffix(name)
      let leadsNowhere = false
      if (entry.isSymbolicLink()) {
        // Follow links to note files; never links to folders (they can loop).
        if (!mayBeNote) {
          // One leading out of the vault hides whatever notes are there: say so.
          realRoot ??= realpathSync.native(vaultRoot)
          const target = folderOutside(path, realRoot)
          if (target !== undefined && !ignored(nfc(vaultPath)) && !ignored(`${nfc(vaultPath)}/`)) {
            skipped.push({
              path,
              code: 'folder-link-outside-vault',
              message: `Unexpected link to a folder outside the vault (to \`${target}\`), expected folders inside the vault root: decklab does not follow it, so notes in it are not read`,
              severity: 'warning',
            })
          }
          continue
        }
        isDirectory = false
        const target = linkTargetStats(path)
        isFile = typeof target === 'object' && target.isFile()
        // Dangling or looping: no note is behind it, so nothing is lost from the deck (said below).
        leadsNowhere = target === undefined || target === 'ELOOP' || target === 'ENOTDIR'
        if (typeof target === 'string') kind = `a link that cannot be followed: ${target}`
        else kind = target && !isFile && !target.isDirectory() ? fileKind(target) : ''
      }
      if (isDirectory) {
        children.push(walk(path))
        continue
      }
      if (!mayBeNote) continue
      // The settings speak of Obsidian's paths, in NFC (a vault copied from a Mac may hold NFD names).
      const settingsPath = nfc(vaultPath)
      if (!isMarkdown && !everyTextFile && !isTextNote(settingsPath, settings)) continue
      if (scanDirectory !== '' && !settingsPath.startsWith(`${scanDirectory}/`)) continue
      if (ignored(settingsPath)) continue
      if (isFile) {
        found.push({ absolutePath: path, vaultRoot, vaultPath, regularNotLink: entry.isFile() })
      } else {
        const entry = skippedNote(path, leadsNowhere, kind)
        if (entry !== undefined) skipped.push(entry)
      }
    }
    await Promise.all(children)
  }
  // Normalised once, as `join` would per path (a trailing `/` or `./` in a path given).
  await walk(normalize(folder))
  return { files: found, skipped }
}

/**
 * Why a `.md` that is no regular file is not read: a link that leads nowhere
 * (dangling or looping) is a warning, as no note is behind it to lose; a FIFO,
 * socket or device (or a link to one, or one that cannot be followed) is an error.
 */
function skippedNote(path: string, leadsNowhere: boolean, kind: string): SkippedPath | undefined {
  if (leadsNowhere) {
    return {
      path,
      code: 'broken-note-link',
      message: `Unexpected ${brokenLink(path) ?? 'link that leads to no file'}, expected a link to a note file: there is no note to read`,
      severity: 'warning',
    }
  }
  if (kind === '') return undefined
  return {
    path,
    code: 'not-regular-file',
    message: `Unexpected file type (${kind}), expected a regular note file; it is not read`,
  }
}

/** The real path of the folder a link leads to, when that is outside the vault; else undefined. */
function folderOutside(link: string, realRoot: string): string | undefined {
  try {
    if (!statSync(link).isDirectory()) return undefined
    const target = realpathSync.native(link)
    return pathInside(realRoot, target) === undefined ? target : undefined
  } catch {
    // Dangling, looping or unreadable: not a folder decklab could list anyway.
    return undefined
  }
}

/** What a link leads to: its target's stats, undefined for none, or the error code (`ELOOP`, `EACCES`). */
function linkTargetStats(path: string): Stats | undefined | string {
  try {
    return statSync(path, { throwIfNoEntry: false })
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error)
  }
}

/** `join(folder, name)` for a plain name (no separator, not `.` or `..`) in a normalised folder. */
export function childPath(folder: string, name: string): string {
  return folder.endsWith(sep) ? `${folder}${name}` : `${folder}${sep}${name}`
}

/** Whether a raw file name ends in `.md` (any case). */
function hasMdSuffix(name: Buffer): boolean {
  if (name.length < mdSuffix.length) return false
  const tail = name.subarray(name.length - mdSuffix.length)
  return tail[0] === 0x2e && (tail[1]! | 0x20) === 0x6d && (tail[2]! | 0x20) === 0x64
}

/** A name's bytes as text: valid UTF-8 kept, each invalid byte as `\xNN`. */
export function showBytes(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8').decode(bytes)
  if (!text.includes('\uFFFD')) return text
  return utf8Pieces(bytes)
    .map((piece) => (typeof piece === 'number' ? hexByte(piece) : piece))
    .join('')
}
