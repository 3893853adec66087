/**
 * The quick index (`index.json` in the output folder's record folder, see
 * `RecordHome`): the package the latest build wrote and a copy of its
 * record in the build state, quick key included. An unchanged rebuild reads only this file,
 * never the whole state; anything but a whole, matching entry means "build".
 */
import { dirname, join, resolve } from 'node:path'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { readRegularTextSync } from '../fs/regular-file.js'
import { statOrUndefined } from '../fs/stat-or-undefined.js'
import type { OutputRecord } from './build-state.js'
import type { MediaFoldRecord, MediaSearchRecord, RecordedSearch } from './media-lookups.js'
import { type RecordHome, recordFolder } from './record-home.js'

/** Where the last build from these options recorded its output (for the default output name). */
export function quickIndexPath(cwd: string, output: string | undefined, home?: RecordHome): string {
  if (!output) return join(recordFolder(join(cwd, 'dist'), home), 'index.json')
  // `-o DIR/`, or `-o DIR` of a folder that is there, names the folder itself (as the build does).
  const absolute = resolve(cwd, output)
  // A path that cannot be looked at (a link that loops) is no folder: the build's output check reports it.
  const isFolder = /[/\\]$/.test(output) || statOrUndefined(absolute)?.isDirectory()
  return join(recordFolder(isFolder ? absolute : dirname(absolute), home), 'index.json')
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
 * The package the last build with this quick key wrote, and its record.
 * Missing, damaged or of another key: undefined, so the build runs.
 */
export function readQuickIndex(path: string, key: string): QuickEntry | undefined {
  try {
    const entry = JSON.parse(readRegularTextSync(path)) as Partial<QuickEntry> | null
    if (typeof entry?.output !== 'string' || !isOutputRecord(entry.record)) return undefined
    if (entry.record.quickKey !== key) return undefined
    return { output: entry.output, record: entry.record }
  } catch {
    return undefined
  }
}

/** Record the package the latest build wrote (one entry: its record holds its quick key). */
export async function writeQuickIndex(path: string, entry: QuickEntry): Promise<void> {
  // Loaded here: an unchanged rebuild only reads the index.
  const { writeFileAtomic } = await import('../fs/write-atomic.js')
  writeFileAtomic(path, `${JSON.stringify(entry)}\n`, { clearDeadTemps: true })
}

/**
 * A record as read back from a file: the shape the "nothing changed" check
 * relies on, so a damaged file means "build", never a wrong "unchanged".
 */
export function isOutputRecord(value: unknown): value is OutputRecord {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Partial<OutputRecord>
  const summary = record.summary
  return (
    typeof record.inputHash === 'string' &&
    typeof record.quickKey === 'string' &&
    typeof record.size === 'number' &&
    typeof record.mtimeMs === 'number' &&
    typeof record.files === 'object' &&
    record.files !== null &&
    Object.values(record.files).every((key) => typeof key === 'string') &&
    (record.mediaSearch === undefined || isMediaSearchRecord(record.mediaSearch)) &&
    (record.mediaFolds === undefined || isMediaFoldRecord(record.mediaFolds)) &&
    Array.isArray(record.warnings) &&
    record.warnings.every(isDiagnostic) &&
    Number.isInteger(record.loadWarnings) &&
    (record.loadWarnings as number) >= 0 &&
    (record.loadWarnings as number) <= record.warnings.length &&
    typeof summary === 'object' &&
    summary !== null &&
    typeof summary.notes === 'number' &&
    typeof summary.cards === 'number' &&
    typeof summary.media === 'number' &&
    Array.isArray(summary.decks) &&
    summary.decks.every((deck) => typeof deck === 'string')
  )
}

function isMediaSearchRecord(value: unknown): value is MediaSearchRecord {
  if (typeof value !== 'object' || value === null) return false
  const { searches, folders } = value as Partial<MediaSearchRecord>
  return (
    Array.isArray(searches) &&
    searches.every(
      (search: Partial<RecordedSearch> | null) =>
        typeof search?.vaultRoot === 'string' &&
        typeof search.name === 'string' &&
        typeof search.found === 'string' &&
        typeof search.exact === 'boolean',
    ) &&
    typeof folders === 'object' &&
    folders !== null &&
    Object.values(folders).every(
      (folder: Partial<MediaSearchRecord['folders'][string]> | null) =>
        typeof folder?.stat === 'string' && typeof folder.listing === 'string',
    )
  )
}

function isMediaFoldRecord(value: unknown): value is MediaFoldRecord {
  if (typeof value !== 'object' || value === null) return false
  return Object.values(value).every(
    (folder: Partial<MediaFoldRecord[string]> | null) =>
      typeof folder?.stat === 'string' &&
      typeof folder.names === 'object' &&
      folder.names !== null &&
      Object.values(folder.names).every((listing) => typeof listing === 'string'),
  )
}

function isDiagnostic(value: unknown): value is Diagnostic {
  if (typeof value !== 'object' || value === null) return false
  const diagnostic = value as Partial<Diagnostic>
  return (
    typeof diagnostic.file === 'string' &&
    typeof diagnostic.line === 'number' &&
    typeof diagnostic.column === 'number' &&
    typeof diagnostic.endLine === 'number' &&
    typeof diagnostic.endColumn === 'number' &&
    (diagnostic.severity === 'error' || diagnostic.severity === 'warning') &&
    typeof diagnostic.code === 'string' &&
    typeof diagnostic.message === 'string' &&
    (diagnostic.hint === undefined || typeof diagnostic.hint === 'string')
  )
}
