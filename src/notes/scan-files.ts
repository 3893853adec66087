import { type Dirent, existsSync, statSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import picomatch from 'picomatch'
import type { VaultSettings } from './settings.js'

/** A note file found by the scan, with the vault it belongs to. */
export interface ScannedFile {
  absolutePath: string
  vaultRoot: string
  /** Path relative to the vault root, `/`-separated. */
  vaultPath: string
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

/**
 * The `.md` files under a folder, skipping dot-folders and `node_modules`, and
 * (relative to the vault) files matching the settings' ignore globs or, when
 * the folder contains the settings' Scan Directory, files outside it.
 */
export async function scanFolder(
  folder: string,
  vaultRoot: string,
  settings: VaultSettings,
): Promise<ScannedFile[]> {
  const ignored =
    settings.ignoredFileGlobs.length > 0 ? picomatch(settings.ignoredFileGlobs) : () => false
  // The Scan Directory narrows a scan of a folder that contains it (such as
  // the vault root); a folder outside it that the user names is read anyway.
  const folderPath = slashRelative(vaultRoot, folder)
  const scanDirectory =
    settings.scanDirectory !== '' &&
    (folderPath === '' || settings.scanDirectory.startsWith(`${folderPath}/`))
      ? settings.scanDirectory
      : ''
  const found: ScannedFile[] = []
  const walk = async (directory: string): Promise<void> => {
    let entries: Dirent[]
    try {
      entries = await readdir(directory, { withFileTypes: true })
    } catch {
      return
    }
    const children: Promise<void>[] = []
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue
      const path = join(directory, entry.name)
      let isDirectory = entry.isDirectory()
      let isFile = entry.isFile()
      if (entry.isSymbolicLink()) {
        // Follow links to files; never links to folders (they can loop).
        isDirectory = false
        isFile = existsSync(path) && statSync(path).isFile()
      }
      if (isDirectory) children.push(walk(path))
      else if (isFile && entry.name.toLowerCase().endsWith('.md')) {
        const vaultPath = slashRelative(vaultRoot, path)
        if (scanDirectory !== '' && !vaultPath.startsWith(`${scanDirectory}/`)) continue
        if (ignored(vaultPath)) continue
        found.push({ absolutePath: path, vaultRoot, vaultPath })
      }
    }
    await Promise.all(children)
  }
  await walk(folder)
  return found
}
