/**
 * The "nothing changed" shortcut before any parsing: a fingerprint of the
 * note files' metadata (every `.md` file's size and times, every folder's
 * mtime, so added, removed and renamed files count) plus the build options,
 * the code's fingerprint and the lab catalog. When it matches the last
 * build's, and the package and the other files it read (settings, media)
 * are as recorded, the package is up to date and the vault is not parsed.
 */
import { createHash } from 'node:crypto'
import { type Dirent, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve, sep } from 'node:path'
import { statKey } from '../fs/stat-key.js'
import { writeFileAtomic } from '../fs/write-atomic.js'
import { isOutputRecord, type OutputRecord } from './build-state.js'
import { toolFingerprint } from './fingerprint.js'

/**
 * The metadata of a note tree as one text (one hash update for the whole
 * vault: an update per file cost more than its stat). The same walk as the
 * note scan: dot-folders, `node_modules` and folder links skipped.
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
    if (name.startsWith('.') || name === 'node_modules') continue
    // The entry tells a folder from a file: no stat for the type.
    const path = `${directory}${sep}${name}`
    if (entry.isDirectory()) text += treeStamp(path)
    else if (name.toLowerCase().endsWith('.md')) text += `${path}\0${statKey(path)}\0`
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
}

/** The fingerprint of a build's inputs, from file metadata only. */
export function quickFingerprint(inputs: QuickInputs): string {
  const hash = createHash('sha256')
  hash.update(toolFingerprint()).update('\0')
  hash.update(
    JSON.stringify([inputs.cwd, inputs.paths, inputs.deck ?? null, inputs.output ?? null]),
  )
  hash.update(JSON.stringify(inputs.labs ?? null))
  let text = ''
  for (const path of inputs.notePaths) {
    const absolute = resolve(inputs.cwd, path)
    const stats = statSync(absolute, { throwIfNoEntry: false })
    // A missing path is stamped as missing: the loader reports it.
    text += stats?.isDirectory() ? treeStamp(absolute) : `${absolute}\0${statKey(absolute)}\0`
  }
  return hash.update(text).digest('hex')
}

/** Where the last build from these options recorded its output (for the default output name). */
export function quickIndexPath(cwd: string, output: string | undefined): string {
  // `-o DIR/` names the folder itself.
  const folder = output
    ? /[/\\]$/.test(output)
      ? resolve(cwd, output)
      : dirname(resolve(cwd, output))
    : join(cwd, 'dist')
  return join(folder, '.decklab-build', 'index.json')
}

/**
 * What the "nothing changed" check needs of the last build: the package it
 * wrote and the record of it (a copy of the build state's `output`), kept in
 * the small index so an unchanged rebuild never reads the whole state.
 */
export interface QuickEntry {
  output: string
  record: OutputRecord
}

/**
 * The package the last build with this fingerprint wrote, and its record.
 * Missing, damaged or of another fingerprint: undefined, so the build runs.
 */
export function readQuickIndex(path: string, fingerprint: string): QuickEntry | undefined {
  try {
    const index = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
    const entry = index[fingerprint] as Partial<QuickEntry> | undefined
    if (typeof entry?.output !== 'string' || !isOutputRecord(entry.record)) return undefined
    if (entry.record.quickHash !== fingerprint) return undefined
    return { output: entry.output, record: entry.record }
  } catch {
    return undefined
  }
}

/** Record which package a fingerprint built (one entry: the latest build). */
export async function writeQuickIndex(
  path: string,
  fingerprint: string,
  entry: QuickEntry,
): Promise<void> {
  writeFileAtomic(path, `${JSON.stringify({ [fingerprint]: entry })}\n`)
}
