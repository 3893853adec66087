import { lstatSync, realpathSync, type Stats, statSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { createReporter } from '../diagnostics/reporter.js'
import { compareStrings } from '../text/compare-strings.js'
import { pathInside } from '../text/relative-path.js'
import type { LoadedNoteFile, NoteFileEntry } from './load-note-file.js'
import { childPath, type ScannedFile, slashRelative } from './scan-files.js'

/** What one folder's files share: worked out once per folder, not once per file. */
interface FolderFacts {
  /** The folder relative to the current directory, `/`-separated ('' for the current directory). */
  shownFolder: string
  /** Its real path, once a file that is not a link needs it. */
  realFolder?: string | undefined
  /** Whether the real folder is inside this vault root (the last one asked about). */
  inside?: { realRoot: string; isInside: boolean } | undefined
}

/**
 * The files to read, ordered by their shown path: each file once, however
 * many links or paths reach it (the same device and inode), preferring the
 * path that is not a link, then the first path; and none whose real path
 * leaves its vault (a link to `/etc/passwd` named `x.md`), which is reported
 * instead. "The vault" is the real path of the vault root, as for media.
 */
export function filesToRead(
  scanned: readonly ScannedFile[],
  diagnostics: Diagnostic[],
  cwd: string,
  /** Look at every file first, so hard links too are matched before any is read. */
  lookAtEveryFile = false,
): NoteFileEntry[] {
  const realRoots = new Map<string, string>()
  const folders = new Map<string, FolderFacts>()
  const byInode = new Map<string, NoteFileEntry>()
  const outside: Array<{ file: ScannedFile; realPath: string }> = []
  // With a link among the paths, every file is looked at first, so a link to a
  // file is matched with that file before either is read (no second parse).
  const lookFirst = lookAtEveryFile || scanned.some((file) => !file.regularNotLink)
  for (const file of scanned) {
    const folder = dirname(file.absolutePath)
    const name = basename(file.absolutePath)
    let facts = folders.get(folder)
    if (facts === undefined) {
      facts = { shownFolder: slashRelative(cwd, folder) }
      folders.set(folder, facts)
    }
    const entry: NoteFileEntry = {
      absolutePath: file.absolutePath,
      vaultRoot: file.vaultRoot,
      vaultPath: file.vaultPath,
      file: facts.shownFolder === '' ? name : `${facts.shownFolder}/${name}`,
      isRegular: false,
      notLink: false,
      isRealPath: true,
    }
    let realPath: string
    // Unknown (undefined) for a file the scan saw: its inode comes with the read (`keepOneReadPerFile`).
    let stats: Stats | undefined
    let inside: boolean
    try {
      let realRoot = realRoots.get(file.vaultRoot)
      if (realRoot === undefined) {
        realRoot = realpathSync.native(file.vaultRoot)
        realRoots.set(file.vaultRoot, realRoot)
      }
      // Synchronous: one cheap system call each, where a promise and a thread-pool hop cost more.
      const own = file.regularNotLink && !lookFirst ? undefined : lstatSync(file.absolutePath)
      if (own?.isSymbolicLink()) {
        realPath = realpathSync.native(file.absolutePath)
        stats = statSync(realPath)
        inside = isInside(realRoot, realPath)
      } else {
        // Not a link: its real path is its folder's and its name, inside the vault when its folder is.
        facts.realFolder ??= realpathSync.native(folder)
        realPath = childPath(facts.realFolder, name)
        stats = own
        if (facts.inside?.realRoot !== realRoot) {
          facts.inside = { realRoot, isInside: isInside(realRoot, facts.realFolder) }
        }
        inside = facts.inside.isInside
        entry.notLink = true
      }
    } catch {
      // Gone or unreadable since the scan: reading it reports why.
      entry.notLink = false
      byInode.set(`path:${file.absolutePath}`, entry)
      continue
    }
    if (!inside) {
      outside.push({ file, realPath })
      continue
    }
    entry.isRegular = stats ? stats.isFile() : true
    entry.isRealPath = realPath === file.absolutePath
    const key = stats ? `${stats.dev}:${stats.ino}` : `path:${file.absolutePath}`
    const known = byInode.get(key)
    if (!known || preferred(entry, known)) byInode.set(key, entry)
  }
  // Reported in path order, as the paths were found.
  outside.sort((a, b) => compareStrings(a.file.absolutePath, b.file.absolutePath))
  for (const { file, realPath } of outside) {
    createReporter(slashRelative(cwd, file.absolutePath), diagnostics).error(
      'note-outside-vault',
      `Unexpected note that links outside the vault (to \`${realPath}\`), expected a file inside the vault root \`${slashRelative(cwd, file.vaultRoot) || '.'}\`; it is not read`,
      { hint: 'copy the file into the vault; decklab never reads notes from outside it' },
    )
  }
  return [...byInode.values()].sort((a, b) => compareStrings(a.file, b.file))
}

/**
 * What the files read give, each file once: of two paths that turned out to
 * reach the same file (hard links, or a link to a file the scan saw), the
 * one `filesToRead` would have chosen. `loaded` is by index in `entries`.
 */
export function keepOneReadPerFile(
  entries: readonly NoteFileEntry[],
  loaded: readonly LoadedNoteFile[],
): LoadedNoteFile[] {
  const keptByIdentity = new Map<string, number>()
  const dropped = new Set<number>()
  loaded.forEach((file, index) => {
    if (file.identity === undefined) return
    const known = keptByIdentity.get(file.identity)
    if (known === undefined) keptByIdentity.set(file.identity, index)
    else if (preferred(entries[index]!, entries[known]!)) {
      dropped.add(known)
      keptByIdentity.set(file.identity, index)
    } else dropped.add(index)
  })
  return dropped.size === 0 ? [...loaded] : loaded.filter((_, index) => !dropped.has(index))
}

/**
 * For reading in order: whether a file read at `entry` (its `dev:ino`
 * identity) was read already under a path `keepOneReadPerFile` keeps over it.
 */
export function createReadRecord(): (entry: NoteFileEntry, identity: string) => boolean {
  const firstRead = new Map<string, NoteFileEntry>()
  return (entry, identity) => {
    const known = firstRead.get(identity)
    if (known && !preferred(entry, known)) return true
    firstRead.set(identity, entry)
    return false
  }
}

/** Of two paths to one file: the real path over a link, then the first path. */
function preferred(candidate: NoteFileEntry, known: NoteFileEntry): boolean {
  if (candidate.isRealPath !== known.isRealPath) return candidate.isRealPath
  return compareStrings(candidate.absolutePath, known.absolutePath) < 0
}

/** Whether `path` is `root` itself or below it. */
function isInside(root: string, path: string): boolean {
  return pathInside(root, path) !== undefined
}
