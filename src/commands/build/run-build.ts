/**
 * `decklab build` as a function: load the vault, render every note, write
 * missing IDs back, and write the package atomically. The loader, renderer
 * and lab catalog come in as arguments, so the pipeline depends only on
 * their contracts (and the renderer loads only when needed).
 */
import { createHash } from 'node:crypto'
import { statSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { guidForNoteId } from '../../anki/guid.js'
import { notetypeCss, notetypes } from '../../anki/notetypes.js'
import type { ApkgNote, ApkgSummary } from '../../anki/package.js'
import {
  type BuildState,
  type OutputRecord,
  readBuildState,
  stamp,
  writeBuildState,
} from '../../build/build-state.js'
import { renderedNoteHash } from '../../build/content-hash.js'
import { notesFingerprint } from '../../build/fingerprint.js'
import {
  quickFingerprint,
  quickIndexPath,
  readQuickIndex,
  statKey,
  writeQuickIndex,
} from '../../build/quick-check.js'
import { type Diagnostic, hasErrors } from '../../diagnostics/diagnostic.js'
import { UsageError } from '../../errors.js'
import { writeFileAtomic } from '../../fs/write-atomic.js'
import { writeIdsLocked } from '../../ids/locked-write-back.js'
import { fileChanged, removeStaleTemps } from '../../ids/write-back.js'
import { throwIfInterrupted } from '../../interrupt.js'
import type { Note } from '../../model/note.js'
import type { NoteTypeName } from '../../model/note-types.js'
import { settingsRelativePath } from '../../notes/settings.js'
import { defaultNotePaths, vaultRootFor } from '../../notes/vault-root.js'
import { checkPackageTarget, defaultOutputPath, resolveOutputOption } from './output-path.js'
import {
  type IdWrite,
  type PrepareDependencies,
  prepareNotes,
  type RenderedNote,
  renderPrepared,
} from './prepare-notes.js'
import { removedNoteIds } from './removed-notes.js'

export type { IdWrite, LoadedVault, RenderedNote } from './prepare-notes.js'

export interface BuildDependencies extends PrepareDependencies {
  /** Lab id → check names, for validating `Lab:` links. */
  knownLabs?: (() => Promise<ReadonlyMap<string, readonly string[]>>) | undefined
  /**
   * A stamp of the files the catalog is read from, so the "nothing changed"
   * shortcut needs no lab imported; without it the catalog itself is hashed.
   */
  labsStamp?: (() => string) | undefined
}

export interface BuildOptions {
  cwd: string
  paths: string[]
  /** Output file; default `dist/<root deck>.apkg`. */
  output?: string | undefined
  deck?: string | undefined
  /** Write nothing; a missing ID is an error. */
  frozen?: boolean | undefined
  /** Write nothing; report what would be written. */
  dryRun?: boolean | undefined
  now: Date
  /** Called as notes are rendered (for a progress bar). */
  onProgress?: ((done: number, total: number) => void) | undefined
  /**
   * `--with-progress`: a note's review progress by card ord, written into the
   * package as scheduling and review-log rows. The package then depends on
   * the progress too, so it is always rebuilt.
   */
  reviewProgress?: ((note: Note, id: number) => ApkgNote['progress']) | undefined
  /** SIGINT/SIGTERM: stop before the next write (`InterruptedError`); writes are atomic. */
  signal?: AbortSignal | undefined
}

export interface BuildResult {
  /** Output path relative to cwd, or null when nothing could be built. */
  output: string | null
  /** True when the package file was written now. */
  written: boolean
  /** True when the inputs matched the last build and the package was kept. */
  unchanged: boolean
  /**
   * True when the paths name only part of the vault: the default output is
   * then `dist/<deck>.partial.apkg`, so the full deck's package is left alone.
   */
  partial: boolean
  notes: number
  cards: number
  media: number
  decks: string[]
  ids: IdWrite[]
  /** Ids of the notes the last full build to this output packaged and this one does not. */
  removed: number[]
  diagnostics: Diagnostic[]
}

function sha256(...parts: string[]): string {
  const hash = createHash('sha256')
  for (const part of parts) hash.update(part).update('\0')
  return hash.digest('hex')
}

function relativeTo(cwd: string, path: string): string {
  const absolute = resolve(cwd, path)
  return absolute.startsWith(`${cwd}/`) ? absolute.slice(cwd.length + 1) : absolute
}

function emptyResult(
  diagnostics: Diagnostic[],
  partial: boolean,
  ids: IdWrite[] = [],
): BuildResult {
  return {
    output: null,
    written: false,
    unchanged: false,
    partial,
    notes: 0,
    cards: 0,
    media: 0,
    decks: [],
    ids,
    removed: [],
    diagnostics,
  }
}

/** Run a build. Never throws for problems in the notes: they come back as diagnostics. */
export async function runBuild(
  options: BuildOptions,
  dependencies: BuildDependencies,
  attempt = 0,
): Promise<BuildResult> {
  // A bad `-o` stops the build before any note is read or written.
  const target =
    options.output === undefined
      ? undefined
      : await resolveOutputOption(
          options.cwd,
          options.output,
          options.paths.length > 0 ? options.paths : defaultNotePaths(options.cwd),
        )
  let knownLabs = dependencies.labsStamp ? undefined : await dependencies.knownLabs?.()
  const quickInputs = {
    cwd: options.cwd,
    paths: options.paths,
    deck: options.deck,
    output: options.output,
    labs: dependencies.labsStamp?.() ?? (knownLabs ? [...knownLabs] : null),
  }
  // Nothing changed since the last build (by file metadata): keep the package, parse nothing.
  let quickHash =
    options.dryRun || options.reviewProgress ? undefined : quickFingerprint(quickInputs)
  const indexPath = quickIndexPath(options.cwd, options.output)
  if (quickHash) {
    const recorded = await readQuickIndex(indexPath, quickHash)
    if (recorded) {
      const state = await readBuildState(recorded)
      if (state.output?.quickHash === quickHash && (await isUnchanged(state, recorded))) {
        return unchangedResult(
          options.cwd,
          recorded,
          state.output,
          isPartialBuild(options.cwd, options.paths),
        )
      }
    }
  }

  knownLabs ??= await dependencies.knownLabs?.()
  const prepared = await prepareNotes({ ...options, knownLabs }, dependencies)
  const { vault, notes, plan, noteIds, ids, diagnostics } = prepared
  const partial = isPartialBuild(options.cwd, options.paths, vault.files)
  if (options.frozen && hasErrors(diagnostics)) return emptyResult(diagnostics, partial)
  // Temp files of a write-back that was killed (only decklab's, only stale ones).
  if (!options.dryRun && !options.frozen) {
    await removeStaleTemps(vault.files.map((file) => dirname(file.absolutePath)))
  }
  const output =
    target && 'file' in target
      ? target.file
      : defaultOutputPath(
          options.cwd,
          notes.map((note) => note.deck),
          partial,
          target?.folder,
        )
  // The package may replace only a package: checked before any ID is written, and again at the end.
  await checkPackageTarget(output, relativeTo(options.cwd, output))
  const css = notetypeCss
  const nowSeconds = Math.floor(options.now.getTime() / 1000)
  const state = options.dryRun ? { version: 2 as const, notes: {} } : await readBuildState(output)

  // The notes are as last built (files were touched, not changed): keep the package.
  const inputHash = notesFingerprint(notes, noteIds, css)
  if (
    !options.dryRun &&
    !hasErrors(diagnostics) &&
    !options.reviewProgress &&
    plan.edits.length === 0 &&
    state.output?.inputHash === inputHash &&
    (await isUnchanged(state, output))
  ) {
    const record: OutputRecord = { ...state.output, quickHash }
    await writeBuildState(output, { ...state, output: record })
    if (quickHash) await writeQuickIndex(indexPath, quickHash, output)
    return unchangedResult(options.cwd, output, record, partial)
  }

  // Render everything before touching any file, so a render error writes nothing.
  const { rendered, media } = await renderPrepared(prepared, dependencies, options.onProgress)
  if (hasErrors(diagnostics)) return emptyResult(diagnostics, partial)

  throwIfInterrupted(options.signal)
  if (!options.dryRun) {
    const writeBack = await writeIdsLocked(plan.edits, vault.files)
    // Another decklab wrote into these notes since they were read: start over from its result.
    if (writeBack === 'changed' && attempt < 5) return runBuild(options, dependencies, attempt + 1)
    if (writeBack === 'changed') {
      for (const edit of plan.edits) diagnostics.push(fileChanged(edit.source.file))
      return emptyResult(diagnostics, partial, ids)
    }
    diagnostics.push(...writeBack.diagnostics)
    if (hasErrors(diagnostics)) return emptyResult(diagnostics, partial, ids)
    // The notes now hold their IDs: fingerprint the files as the next build will see them.
    if (writeBack.written.length > 0) {
      quickHash = quickFingerprint(quickInputs)
    }
  }

  const mediaHashes = new Map(media.entries.map((entry) => [entry.name, entry.hash]))
  // Stamps of notes outside this build are kept: a partial build written over
  // the full package must not cost the other notes their modification times.
  const nextState: BuildState = { version: 2, notes: { ...state.notes } }
  const packageNotes: ApkgNote[] = notes.map((note, index) => {
    const id = noteIds[index] as number
    const guid = guidForNoteId(id)
    const result = rendered[index] as RenderedNote
    const contentHash = renderedNoteHash(note, result.fields, result.media, mediaHashes)
    const noteStamp = stamp(state.notes[guid], contentHash, nowSeconds)
    nextState.notes[guid] = { ...noteStamp, id }
    return {
      id,
      guid,
      noteType: note.noteType as NoteTypeName,
      fields: result.fields,
      tags: note.tags,
      deck: note.deck,
      mod: noteStamp.mod,
      progress: options.reviewProgress?.(note, id),
    }
  })
  // A full build names the notes gone since the last one, once: their stamps are dropped.
  const built = new Set(packageNotes.map((note) => note.guid))
  const removed = partial ? [] : removedNoteIds(state.notes, built)
  if (!partial) {
    for (const guid of Object.keys(nextState.notes)) {
      if (!built.has(guid)) delete nextState.notes[guid]
    }
  }
  const notetypeStamp = stamp(state.notetypes, sha256(JSON.stringify(notetypes), css), nowSeconds)
  nextState.notetypes = notetypeStamp

  // The writer loads only when a package is written (an unchanged vault skips it).
  const { writeApkg } = await import('../../anki/package.js')
  const { bytes, summary } = await writeApkg(
    { notes: packageNotes, media: media.entries, css, notetypeMod: notetypeStamp.mod },
    { now: options.now },
  )
  const result: BuildResult = {
    output: relativeTo(options.cwd, output),
    written: false,
    unchanged: false,
    partial,
    ...summary,
    ids,
    removed,
    diagnostics,
  }
  if (options.dryRun) return result

  throwIfInterrupted(options.signal)
  await checkPackageTarget(output, relativeTo(options.cwd, output))
  try {
    writeFileAtomic(output, bytes)
  } catch (error) {
    throw new UsageError(
      `Cannot write \`${relativeTo(options.cwd, output)}\`: ${(error as NodeJS.ErrnoException).code ?? String(error)}, expected a writable output folder`,
      { cause: error },
    )
  }
  const written = await stat(output)
  const files = { ...media.stats }
  for (const source of vault.files) {
    const settings = join(source.vaultRoot, settingsRelativePath)
    files[settings] ??= statKey(settings)
  }
  nextState.output = {
    // A package with progress in it is never "as last built" for a plain build.
    inputHash: options.reviewProgress ? `${inputHash}+progress` : inputHash,
    quickHash,
    size: written.size,
    mtimeMs: written.mtimeMs,
    files,
    warnings: result.diagnostics,
    summary: summaryRecord(summary),
  }
  await writeBuildState(output, nextState)
  if (quickHash) await writeQuickIndex(indexPath, quickHash, output)
  return { ...result, written: true }
}

function summaryRecord(summary: ApkgSummary): OutputRecord['summary'] {
  return { notes: summary.notes, cards: summary.cards, media: summary.media, decks: summary.decks }
}

/** The package is as the last build wrote it, and so is every other file that build read. */
async function isUnchanged(state: BuildState, output: string): Promise<boolean> {
  const record = state.output
  if (!record) return false
  try {
    const current = await stat(output)
    if (current.size !== record.size || current.mtimeMs !== record.mtimeMs) return false
  } catch {
    return false
  }
  return Object.entries(record.files).every(([path, recorded]) => statKey(path) === recorded)
}

function unchangedResult(
  cwd: string,
  output: string,
  record: OutputRecord,
  partial: boolean,
): BuildResult {
  return {
    output: relativeTo(cwd, output),
    written: false,
    unchanged: true,
    partial,
    ...record.summary,
    ids: [],
    removed: [],
    // The inputs are those of the build that wrote the package: so are its warnings.
    diagnostics: record.warnings,
  }
}

/**
 * A build of part of a vault: paths were given, and they are neither the
 * default paths nor a vault root (`build .` in the vault is the whole vault).
 */
function isPartialBuild(
  cwd: string,
  paths: readonly string[],
  files?: ReadonlyArray<{ vaultRoot: string }> | undefined,
): boolean {
  if (paths.length === 0) return false
  const given = paths.map((path) => resolve(cwd, path))
  const defaults = defaultNotePaths(cwd).map((path) => resolve(cwd, path))
  if (given.length === defaults.length && given.every((path) => defaults.includes(path))) {
    return false
  }
  const roots = new Set(files?.map((file) => resolve(file.vaultRoot)))
  return !given.some((path) => roots.has(path) || isVaultRoot(cwd, path))
}

function isVaultRoot(cwd: string, path: string): boolean {
  try {
    return vaultRootFor(cwd, path, statSync(path).isDirectory()) === path
  } catch {
    return false
  }
}
