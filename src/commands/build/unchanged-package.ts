/**
 * The quick-rebuild cache: whether the package is still as the last build
 * wrote it, first from file metadata alone (no note parsed), then from the
 * notes as read (files touched but not changed). It imports nothing of the
 * pipeline, so the build command loads the pipeline only when it must run.
 */
import { stat } from 'node:fs/promises'
import { statUnchanged, trustsStamp } from '../../fs/stat-key.js'
import type { LabCatalog } from '../../model/lab-catalog.js'
import { notePaths } from '../../notes/vault-root.js'
import type { OutputRecord } from '../../rebuild/build-state.js'
import { recordedSourceFingerprint } from '../../rebuild/fingerprint-record.js'
import { foldsUnchanged, searchesUnchanged } from '../../rebuild/media-lookups.js'
import { quickFingerprint } from '../../rebuild/quick-check.js'
import { type QuickEntry, quickIndexPath, readQuickIndex } from '../../rebuild/quick-index.js'
import type { RecordHome } from '../../rebuild/record-home.js'
import { type BuildResult, unchangedResult } from './build-result.js'
import { type OutputTarget, resolveOutputOption } from './output-path.js'
import { isPartialBuild } from './partial-build.js'
import { recordHomeOf } from './record-home-of.js'

/** The build options the quick check reads (a subset of run-build's `BuildOptions`). */
export interface QuickCheckOptions {
  cwd: string
  paths: string[]
  output?: string | undefined
  deck?: string | undefined
  dryRun?: boolean | undefined
  reviewProgress?: unknown
  stateDirectory?: string | undefined
}

/** How the quick check learns the lab catalog (as in run-build's `BuildDependencies`). */
export interface QuickCheckDependencies {
  labCatalog?: (() => Promise<LabCatalog>) | undefined
  labsStamp?: (() => string) | undefined
}

/** What the quick check found: the kept package's result, or what the build goes on with. */
export interface QuickCheck {
  /** The package is up to date: the build's result, no note read. */
  kept?: BuildResult | undefined
  /** Where `-o` points, checked before anything is read or written. */
  target: OutputTarget | undefined
  /** The catalog, when it was loaded for the key (no `labsStamp`). */
  labs: LabCatalog | undefined
  /** To compute the key again once IDs are written into the notes. */
  keyOptions: QuickKeyOptions
  quick: string | undefined
  indexPath: string
  /** Where the packages' records are kept (see `RecordHome`). */
  home: RecordHome | undefined
}

/** Check `-o` and whether nothing changed since the last build (by file metadata). */
export async function checkUnchanged(
  options: QuickCheckOptions,
  dependencies: QuickCheckDependencies,
): Promise<QuickCheck> {
  const home = recordHomeOf(options)
  // A bad `-o` stops the build before any note is read or written.
  const target =
    options.output === undefined
      ? undefined
      : await resolveOutputOption(
          options.cwd,
          options.output,
          notePaths(options.cwd, options.paths),
          home,
        )
  const labs = dependencies.labsStamp ? undefined : await dependencies.labCatalog?.()
  const keyOptions = {
    ...options,
    withProgress: options.reviewProgress !== undefined,
    labs: dependencies.labsStamp?.() ?? (labs ? [[...labs.checks], [...labs.broken]] : null),
    // The recorded fingerprint needs no hashing; only computing one loads the hash module.
    code:
      recordedSourceFingerprint() ??
      (await import('../../rebuild/fingerprint.js')).toolFingerprint(),
  }
  const quick = quickKey(keyOptions)
  const indexPath = quickIndexPath(options.cwd, options.output, home)
  const found = quick ? await findUnchangedPackage(indexPath, quick) : undefined
  const kept = found
    ? unchangedResult(
        options.cwd,
        found.output,
        found.record,
        isPartialBuild(options.cwd, options.paths),
      )
    : undefined
  return { kept, target, labs, keyOptions, quick, indexPath, home }
}

export interface QuickKeyOptions {
  cwd: string
  paths: string[]
  deck?: string | undefined
  output?: string | undefined
  dryRun?: boolean | undefined
  /** A build with review progress always writes, so it has no quick key. */
  withProgress: boolean
  /** The lab catalog's stamp, or the catalog itself (`labsStamp`, `labCatalog` in run-build). */
  labs: unknown
  /** The code's fingerprint (`toolFingerprint`). */
  code: string
}

/** The metadata key of this build's inputs, or undefined when the build must run anyway. */
export function quickKey(options: QuickKeyOptions): string | undefined {
  if (options.dryRun || options.withProgress) return undefined
  return quickFingerprint({
    cwd: options.cwd,
    paths: options.paths,
    notePaths: notePaths(options.cwd, options.paths),
    deck: options.deck,
    output: options.output,
    labs: options.labs,
    code: options.code,
  })
}

/** The package a build with this quick key wrote, when it and every file it read are unchanged. */
export async function findUnchangedPackage(
  indexPath: string,
  key: string,
): Promise<QuickEntry | undefined> {
  // A note file or folder stamped while its times were recent may have changed since, stamp and all.
  if (!trustsStamp(key)) return undefined
  const entry = readQuickIndex(indexPath, key)
  if (!entry || !(await isUnchanged(entry.record, entry.output))) return undefined
  return entry
}

/**
 * The package is as the last build wrote it, so is every other file that
 * build read, and every media link would resolve to the same file.
 */
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
  return (
    Object.entries(record.files).every(([path, recorded]) => statUnchanged(path, recorded)) &&
    searchesUnchanged(record.mediaSearch, output) &&
    foldsUnchanged(record.mediaFolds)
  )
}
