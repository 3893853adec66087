/**
 * `decklab build` as a function: load the vault, render every note, write
 * missing IDs back, and write the package atomically. The loader, renderer
 * and lab catalog come in as arguments, so the pipeline depends only on
 * their contracts (and the renderer loads only when needed). Its steps live
 * beside it: the quick-rebuild cache (`unchanged-package.ts`), preparing and
 * identifying the notes (`prepare-notes.ts`), packaging (`package-notes.ts`)
 * and writing (`write-package.ts`).
 */
import { dirname } from 'node:path'
import type { ApkgNote } from '../../anki/package.js'
import { hasErrors } from '../../diagnostics/diagnostic.js'
import { InterruptedError } from '../../errors.js'
import { writeIdsLocked } from '../../ids/locked-write-back.js'
import { fileChanged, removeStaleTemps } from '../../ids/write-back.js'
import { throwIfInterrupted } from '../../interrupt.js'
import type { IdentifiedNote } from '../../model/identity.js'
import type { LabCatalog } from '../../model/lab-catalog.js'
import { type BuildState, type RecordHome, writeBuildState } from '../../rebuild/build-state.js'
import { notesFingerprint } from '../../rebuild/fingerprint.js'
import { writeQuickIndex } from '../../rebuild/quick-index.js'
import { notesAsWritten, placesAsRead, placesAsWritten } from './as-written.js'
import { type BuildResult, emptyResult, unchangedResult } from './build-result.js'
import { emitPackage } from './emit-package.js'
import { idWriteStatus } from './id-write-status.js'
import { quizProgressLinker } from './link-quiz-progress.js'
import { notetypeCss } from './notetype-css.js'
import { checkPackageTarget, defaultOutputPath } from './output-path.js'
import { isPartialBuild } from './partial-build.js'
import {
  type PrepareDependencies,
  type PreparedNotes,
  prepareNotes,
  renderPrepared,
} from './prepare-notes.js'
import { previousState, readOwnRecordOnce, recordOfOutput } from './previous-state.js'
import { deletedIds, idPlaceIn } from './record-changes.js'
import { keepsPackage } from './record-report.js'
import { checkUnchanged, type QuickCheck, quickKey } from './unchanged-package.js'

export type { BuildResult } from './build-result.js'
export type { IdWrite, LoadedVault, RenderedNote } from './prepare-notes.js'

export interface BuildDependencies extends PrepareDependencies {
  /** The labs and their check names, for validating `Lab:` links. */
  labCatalog?: (() => Promise<LabCatalog>) | undefined
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
  /**
   * The time a note stamped anew (new, or changed since the last build) and the
   * note types get, when not `now`: `SOURCE_DATE_EPOCH`. A stamp still never goes
   * back past the note's last one.
   */
  stampTime?: Date | undefined
  /** Called as notes are rendered (for a progress bar). */
  onProgress?: ((done: number, total: number) => void) | undefined
  /** Told what the build does after rendering (`writing dist/X.apkg…`), for the same line. */
  onStatus?: ((text: string) => void) | undefined
  /**
   * `--with-progress`: a note's review progress by card ord, written into the
   * package as scheduling and review-log rows. The package then depends on
   * the progress too, so it is always rebuilt.
   */
  reviewProgress?:
    | ((note: IdentifiedNote, ords: readonly number[]) => ApkgNote['progress'])
    | undefined
  /** With `reviewProgress`: the package collection's creation time its due days count from. */
  collectionCreated?: number | undefined
  /** SIGINT/SIGTERM: stop before the next write (`InterruptedError`); writes are atomic. */
  signal?: AbortSignal | undefined
  /** The quiz's state folder: progress kept by content is linked to the IDs written (none: not linked). */
  stateDirectory?: string | undefined
  /** Told who holds the vault lock (a sync, another build) before the build waits for it. */
  onLockWait?: ((holder: string) => void) | undefined
}

/** Run a build. Never throws for problems in the notes: they come back as diagnostics. */
export async function runBuild(
  options: BuildOptions,
  dependencies: BuildDependencies,
  attempt = 0,
  /** The quick check, when the caller made it already (the build command, before loading this module). */
  checked?: QuickCheck,
): Promise<BuildResult> {
  // Nothing changed since the last build (by file metadata): keep the package, parse nothing.
  const check = checked ?? (await checkUnchanged(options, dependencies))
  if (check.kept) return check.kept
  const { target, keyOptions, indexPath, home } = check
  let { quick } = check
  const labs = check.labs ?? (await dependencies.labCatalog?.())
  const outputOf = outputNamer(options.cwd, target)
  // A note that lost its ID line takes back the ID this package's record has it under.
  const records = recordReading(options, outputOf, home)
  const prepared = await prepareNotes({ ...options, labs, ...records.restore }, dependencies)
  const { vault, notes, plan, ids, diagnostics, restored } = prepared
  const partial = isPartialBuild(options.cwd, options.paths, vault.files)
  if (options.frozen && hasErrors(diagnostics)) return emptyResult(diagnostics, partial)
  // Temp files of a write-back that was killed (only decklab's, only stale ones).
  if (!options.dryRun && !options.frozen) await removeStaleTempsBeside(vault.files)
  const decks = notes.map((note) => note.deck)
  const output = outputOf(decks, partial)
  // The package may replace only a package: checked before any ID is written, and again at the end.
  await checkPackageTarget(options.cwd, output, home)
  const guids = () => notes.map((note) => note.guid)
  const previous = await previousState(
    options.cwd,
    output,
    { dryRun: options.dryRun === true, mayHaveMoved: !partial && !(target && 'file' in target) },
    guids,
    records,
  )
  const { state, moved, elsewhere } = previous
  if (neverPackaged(notes, state)) return { ...emptyResult(diagnostics, partial), empty: true }
  let inputHash = notesFingerprint(notes, notetypeCss)
  const keeps = await keepsPackage(output, previous, prepared, {
    inputHash: () => inputHash,
    guids,
    withProgress: options.reviewProgress !== undefined,
  })
  // A dry run writes nothing, but says what the build that keeps the package says.
  if (keeps && !options.dryRun) {
    return keptPackage(options.cwd, { output, state, quick, indexPath, home }, prepared, partial)
  }

  // Render everything before touching any file, so a render error writes nothing.
  const loadWarnings = diagnostics.length
  const rendered = await renderPrepared(prepared, dependencies, {
    onProgress: options.onProgress,
    signal: options.signal,
  })
  if (hasErrors(diagnostics)) return emptyResult(diagnostics, partial)
  throwIfInterrupted(options.signal)
  // What a build that keeps this package shows again: the warnings where the files have them now
  // (`placed` puts a place in the notes as read there: below the ID lines once written).
  let recordedWarnings = diagnostics
  let placed = placesAsRead
  let written: readonly string[] = []
  if (!options.dryRun) {
    const { writeBack, linked } = await writeIdsLinked(options, prepared)
    if ('changed' in writeBack) {
      // Another decklab wrote into these notes since they were read: start over from its result.
      if (attempt < 5) return runBuild(options, dependencies, attempt + 1)
      // Still changing: the files that did, each once.
      for (const source of writeBack.changed) diagnostics.push(fileChanged(source.file))
      return emptyResult(diagnostics, partial)
    }
    diagnostics.push(...writeBack.diagnostics)
    // Stopped by a signal before the next file (or after the last): only the IDs now in the files.
    if (writeBack.interrupted || options.signal?.aborted) {
      diagnostics.push(...linked)
      return { ...stoppedAfter(writeBack.written, prepared, partial), interrupted: true }
    }
    // A write that failed midway (the checks before it passed): only the IDs now in the files.
    if (hasErrors(diagnostics)) {
      diagnostics.push(...linked)
      return stoppedAfter(writeBack.written, prepared, partial)
    }
    written = writeBack.written
    // The notes now hold their IDs: fingerprint the files as the next build will see them.
    if (writeBack.written.length > 0) {
      quick = quickKey(keyOptions)
      placed = placesAsWritten(plan)
      recordedWarnings = placed.diagnostics(diagnostics)
      inputHash = notesFingerprint(notesAsWritten(notes, plan.edits), notetypeCss)
      // Said once, by the build that wrote the IDs (not recorded for an unchanged rebuild).
      diagnostics.push(...restored, ...linked)
    }
  }

  // A dry run says which IDs a build would take back, as `check` does.
  if (options.dryRun) diagnostics.push(...restored)
  const packaging = emitPackage(
    {
      ...options,
      output,
      notes,
      rendered,
      state,
      css: notetypeCss,
      partial,
      inputHash,
      quickKey: quick,
      quickIndexPath: indexPath,
      recordHome: home,
      vaultRoots: vault.files.map((file) => file.vaultRoot),
      idStillAt: idPlaceIn(vault.files, deletedIds(diagnostics, vault.files)),
      elsewhere,
      kept: keeps ? state.output : undefined,
    },
    { ids, diagnostics, recordedWarnings, loadWarnings, placed },
  )
  const result = await packagedUnlessStopped(packaging, { written, prepared, partial })
  // Said once, by this build: not recorded, so a build that keeps the package says nothing of it.
  if (moved) result.diagnostics.push(moved)
  if (previous.damaged) result.diagnostics.push(previous.damaged)
  return result
}

/**
 * No notes, and none built to this package before: an empty package would
 * only litter the folder (`decklab build` typed in the wrong one). A vault
 * emptied since a build still gets one, so its removed notes are named and
 * recorded.
 */
function neverPackaged(notes: readonly unknown[], state: BuildState): boolean {
  return notes.length === 0 && state.output === undefined && Object.keys(state.notes).length === 0
}

/**
 * The package's result. A signal after the last note got its IDs, before the
 * package (whose writing checks for one), ends the build as one between two
 * notes does: no package, and the IDs `written` into the notes named.
 */
async function packagedUnlessStopped(
  packaging: Promise<BuildResult>,
  stopped: { written: readonly string[]; prepared: PreparedNotes; partial: boolean },
): Promise<BuildResult> {
  try {
    return await packaging
  } catch (error) {
    if (!(error instanceof InterruptedError) || stopped.written.length === 0) throw error
    return {
      ...stoppedAfter(stopped.written, stopped.prepared, stopped.partial),
      interrupted: true,
    }
  }
}

/** Remove the temp files a killed write-back left beside these notes. */
async function removeStaleTempsBeside(files: ReadonlyArray<{ absolutePath: string }>) {
  await removeStaleTemps(files.map((file) => dirname(file.absolutePath)))
}

/**
 * The package's own record, read once (for the IDs lost lines take back,
 * then for its stamps: 20–50 ms to parse for 10,000 notes), and what
 * `prepareNotes` needs to give those IDs back.
 */
function recordReading(
  options: BuildOptions,
  outputOf: ReturnType<typeof outputNamer>,
  home: RecordHome | undefined,
) {
  const readOwn = readOwnRecordOnce(home)
  const recordOf = recordOfOutput(options, outputOf, readOwn)
  return { readOwn, home, restore: { recordOf, writesIds: !options.dryRun } }
}

/** The package a build writes: `-o`'s file, else its default name (in `dist/` or `-o`'s folder) for these decks. */
function outputNamer(
  cwd: string,
  target: QuickCheck['target'],
): (decks: string[], partial: boolean) => string {
  return (decks, partial) =>
    target && 'file' in target
      ? target.file
      : defaultOutputPath(cwd, decks, partial, target?.folder)
}

/**
 * The package as it is (the notes are as last built, each where it was,
 * files touched, not changed: `keepsPackage`): its record takes the warnings
 * of the files as they are now.
 */
async function keptPackage(
  cwd: string,
  build: {
    output: string
    state: BuildState
    quick: string | undefined
    indexPath: string
    home: RecordHome | undefined
  },
  { diagnostics }: PreparedNotes,
  partial: boolean,
): Promise<BuildResult> {
  const { output, state, quick, indexPath, home } = build
  const recorded = state.output!
  // Loading found the warnings of the files as they are now; rendering would find the recorded ones.
  const rendering = recorded.warnings.slice(recorded.loadWarnings)
  const warnings = [...diagnostics, ...rendering]
  const record = { ...recorded, quickKey: quick, warnings, loadWarnings: diagnostics.length }
  await writeBuildState(output, { ...state, output: record }, home)
  if (quick) await writeQuickIndex(indexPath, { output, record })
  return unchangedResult(cwd, output, record, partial)
}

/**
 * No package: the write-back stopped after these files (named as it names
 * them). The IDs written into them, and the diagnostics, each where those
 * files have it now; a file not written is as read.
 */
function stoppedAfter(
  files: readonly string[],
  { ids, plan, diagnostics }: Pick<PreparedNotes, 'ids' | 'plan' | 'diagnostics'>,
  partial: boolean,
): BuildResult {
  const written = new Set(files)
  const edits = plan.edits.filter((edit) => written.has(edit.source.file))
  const placed = placesAsWritten({ added: plan.added, edits })
  const writtenIds = ids.filter((write) => written.has(write.file))
  return emptyResult(placed.diagnostics(diagnostics), partial, placed.ids(writtenIds))
}

/**
 * Write the planned IDs; quiz progress kept under a note's content is linked
 * to its ID as each file is written (`linked`: the warnings of that).
 */
async function writeIdsLinked(
  options: BuildOptions,
  { plan, vault, usedElsewhere }: PreparedNotes,
) {
  const { stateDirectory, cwd, now } = options
  const progress = await quizProgressLinker(stateDirectory, cwd, plan, now, {
    files: vault.files,
    usedElsewhere,
  })
  const written = idWriteStatus(plan.edits.length, options.onStatus)
  const writeBack = await writeIdsLocked(
    plan.edits,
    vault.files,
    options.signal,
    (file) => {
      progress.linkFile(file)
      written(file)
    },
    options.onLockWait,
  )
  return { writeBack, linked: progress.diagnostics }
}
