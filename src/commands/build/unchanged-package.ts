/**
 * The quick-rebuild cache: whether the package is still as the last build
 * wrote it, first from file metadata alone (no note parsed), then from the
 * notes as read (files touched but not changed).
 */
import { stat } from 'node:fs/promises'
import { statKey } from '../../fs/stat-key.js'
import { defaultNotePaths } from '../../notes/vault-root.js'
import type { OutputRecord } from '../../rebuild/build-state.js'
import { type QuickEntry, quickFingerprint, readQuickIndex } from '../../rebuild/quick-check.js'

export interface QuickKeyOptions {
  cwd: string
  paths: string[]
  deck?: string | undefined
  output?: string | undefined
  dryRun?: boolean | undefined
  /** A build with review progress always writes, so it has no quick key. */
  withProgress: boolean
  /** The lab catalog's stamp, or the catalog itself (`labsStamp`, `knownLabs` in run-build). */
  labs: unknown
}

/** The metadata fingerprint of this build's inputs, or undefined when the build must run anyway. */
export function quickKey(options: QuickKeyOptions): string | undefined {
  if (options.dryRun || options.withProgress) return undefined
  return quickFingerprint({
    cwd: options.cwd,
    paths: options.paths,
    notePaths: options.paths.length > 0 ? options.paths : defaultNotePaths(options.cwd),
    deck: options.deck,
    output: options.output,
    labs: options.labs,
  })
}

/** The package a build with this quick key wrote, when it and every file it read are unchanged. */
export async function findUnchangedPackage(
  indexPath: string,
  key: string,
): Promise<QuickEntry | undefined> {
  const entry = readQuickIndex(indexPath, key)
  if (!entry || !(await isUnchanged(entry.record, entry.output))) return undefined
  return entry
}

/** The package is as the last build wrote it, and so is every other file that build read. */
export async function isUnchanged(
  record: OutputRecord | undefined,
  output: string,
): Promise<boolean> {
  if (!record) return false
  try {
    const current = await stat(output)
    if (current.size !== record.size || current.mtimeMs !== record.mtimeMs) return false
  } catch {
    return false
  }
  return Object.entries(record.files).every(([path, recorded]) => statKey(path) === recorded)
}
