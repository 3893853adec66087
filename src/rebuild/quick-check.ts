/**
 * The "nothing changed" shortcut before any parsing: a fingerprint of the
 * note files' metadata (every `.md` and `.txt` file's size and times, every folder's
 * mtime, so added, removed and renamed files count) plus the build options,
 * the code's fingerprint and the lab catalog. When it matches the last
 * build's, and the package and the other files it read (settings, media)
 * are as recorded, the package is up to date and the vault is not parsed.
 */
import { type Dirent, readdirSync } from 'node:fs'
import { join, resolve, sep } from 'node:path'
import { isPassedOver } from '../fs/passed-over.js'
import { statKey } from '../fs/stat-key.js'
import { statOrUndefined } from '../fs/stat-or-undefined.js'

/**
 * The metadata of a note tree as one text. The same walk as the note scan:
 * dot-folders, `node_modules` and folder links skipped.
 */
function treeStamp(directory: string): string {
  let entries: Dirent[]
  try {
    entries = readdirSync(directory, { withFileTypes: true })
  } catch {
    return `${directory}\0missing\0`
  }
  let text = `${directory}\0${statKey(directory)}\0`
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const entry of entries) {
    const name = entry.name
    if (isPassedOver(name)) continue
    // The entry tells a folder from a file: no stat for the type.
    const path = `${directory}${sep}${name}`
    if (entry.isDirectory()) text += treeStamp(path)
    // `.txt` too: notes in the plugin's Scan Directory (see text-notes.ts); one elsewhere only costs a parse.
    else if (/\.(md|txt)$/i.test(name)) text += `${path}\0${statKey(path)}\0`
  }
  return text
}

/**
 * The names, sizes and times of a folder's entries (not recursive): a stamp
 * of the lab modules the catalog imports, read without importing them.
 */
export function folderStamp(directory: string): string {
  let names: string[]
  try {
    names = readdirSync(directory).sort()
  } catch {
    return 'missing'
  }
  return [
    statKey(directory),
    ...names.map((name) => `${name}\0${statKey(join(directory, name))}`),
  ].join('\0')
}

/** What decides a build besides the note files. */
export interface QuickInputs {
  cwd: string
  paths: readonly string[]
  /** The files and folders the notes are read from: `paths`, or the default ones when it is empty. */
  notePaths: readonly string[]
  deck?: string | undefined
  output?: string | undefined
  /** What decides the lab catalog: a stamp of its files, or the catalog itself. */
  labs?: unknown
  /** The code's fingerprint (`toolFingerprint`). */
  code: string
}

/**
 * The key of a build's inputs, from file metadata only: kept as text and
 * compared whole (about 80 bytes a note file), so no hash is computed and
 * node:crypto is not loaded for an unchanged rebuild.
 */
export function quickFingerprint(inputs: QuickInputs): string {
  let text = `${inputs.code}\0${JSON.stringify([inputs.cwd, inputs.paths, inputs.deck ?? null, inputs.output ?? null])}${JSON.stringify(inputs.labs ?? null)}`
  for (const path of inputs.notePaths) {
    const absolute = resolve(inputs.cwd, path)
    const stats = statOrUndefined(absolute)
    // A missing or unreadable path (a link that loops) is stamped as missing: the loader reports it.
    text += stats?.isDirectory() ? treeStamp(absolute) : `${absolute}\0${statKey(absolute)}\0`
  }
  return text
}
