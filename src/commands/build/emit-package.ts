/**
 * The last step of a build: package the rendered notes, write the `.apkg`
 * atomically (not with `--dry-run`) and record what it was built from.
 */
import type { ApkgNote } from '../../anki/package.js'
import { systemError } from '../../cli/system-error.js'
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import { createReporter } from '../../diagnostics/reporter.js'
import { DecklabError } from '../../errors.js'
import type { IdPlace } from '../../ids/allocate.js'
import { throwIfInterrupted } from '../../interrupt.js'
import type { IdentifiedNote } from '../../model/identity.js'
import type {
  BuildState,
  ContentStamp,
  OutputRecord,
  RecordHome,
} from '../../rebuild/build-state.js'
import { pathInMessage } from '../../terminal/safe-text.js'
import { relativeTo } from '../../text/relative-path.js'
import type { Places } from './as-written.js'
import { type BuildResult, emptyResult } from './build-result.js'
import { checkPackageTarget } from './output-path.js'
import { packageNotes } from './package-notes.js'
import type { RenderedNotes } from './prepare-notes.js'
import {
  recordChangeWarnings,
  recordedChangeWarnings,
  stillWrittenWarnings,
} from './record-report.js'
import { recordOutput, type WrittenPackage, writePackageFile } from './write-package.js'

export interface EmitInputs {
  cwd: string
  now: Date
  /** The time new stamps get, when not `now` (`SOURCE_DATE_EPOCH`). */
  stampTime?: Date | undefined
  dryRun?: boolean | undefined
  /** Told when the package is being written (`writing dist/X.apkg…`), for a terminal's status line. */
  onStatus?: ((text: string) => void) | undefined
  signal?: AbortSignal | undefined
  reviewProgress?:
    | ((note: IdentifiedNote, ords: readonly number[]) => ApkgNote['progress'])
    | undefined
  /** With `reviewProgress`: the package collection's creation time (`crt`, seconds). */
  collectionCreated?: number | undefined
  output: string
  notes: readonly IdentifiedNote[]
  rendered: RenderedNotes
  /** The last build's state of this output. */
  state: BuildState
  css: string
  partial: boolean
  inputHash: string
  quickKey: string | undefined
  quickIndexPath: string
  /** Where the package's records are kept (see `RecordHome`). */
  recordHome: RecordHome | undefined
  vaultRoots: readonly string[]
  /** Where an ID is still written in the files read, if it is (see package-notes.ts). */
  idStillAt?: ((id: number) => IdPlace | undefined) | undefined
  /** The newest stamps of the other packages beside this one (see package-notes.ts). */
  elsewhere?: ReadonlyMap<string, ContentStamp> | undefined
  /**
   * `--dry-run` only: the record of the package the build would keep. Its
   * changes are said again, as that build says them, and no note is named
   * removed or still written (said once, by the build that wrote it).
   */
  kept?: OutputRecord | undefined
}

/** Package and write; the result says what was (or, with `--dry-run`, would be) written. */
export async function emitPackage(
  inputs: EmitInputs,
  report: Pick<BuildResult, 'ids' | 'diagnostics'> & {
    /** The warnings as the notes read once their IDs are written (the ones reported, when none were). */
    recordedWarnings: Diagnostic[]
    /** How many of them, first, came from loading the notes. */
    loadWarnings: number
    /** Places warnings and IDs found in the notes as read where the files have them once the IDs are written. */
    placed: Places
  },
): Promise<BuildResult> {
  const { cwd, output } = inputs
  const packaged = packageNotes(inputs.notes, inputs.rendered, inputs.state, {
    css: inputs.css,
    nowSeconds: Math.floor((inputs.stampTime ?? inputs.now).getTime() / 1000),
    // A folder that could not be listed hides notes that are still there.
    partial:
      inputs.partial || report.diagnostics.some((entry) => entry.code === 'folder-unreadable'),
    reviewProgress: inputs.reviewProgress,
    idStillAt: inputs.idStillAt,
    elsewhere: inputs.elsewhere,
    output,
  })
  const { kept } = inputs
  const typeWarnings = kept ? recordedChangeWarnings(kept) : recordChangeWarnings(packaged)
  report.diagnostics.push(...typeWarnings)
  // Said this once, not again while the package is kept: the ID line may go without a rebuild.
  const stillWritten = kept ? [] : stillWrittenWarnings(packaged.stillWritten)
  report.diagnostics.push(...stillWritten)
  // Said again while this package is kept: it still holds the changed types and decks, and fewer cards.
  if (report.recordedWarnings !== report.diagnostics) {
    report.recordedWarnings.push(...report.placed.diagnostics(typeWarnings))
  }
  // Laying out the collection and copying the media in can take seconds: not under "rendering".
  if (!inputs.dryRun) inputs.onStatus?.(`writing ${relativeTo(cwd, output)}…`)
  // The writer loads only when a package is written (an unchanged vault skips it).
  const { writeApkg } = await import('../../anki/package.js')
  const { parts, summary } = await writeApkg(
    {
      notes: packaged.notes,
      media: inputs.rendered.media.entries,
      css: inputs.css,
      notetypeMod: packaged.notetypeMod,
      created: inputs.collectionCreated,
    },
    { now: inputs.stampTime ?? inputs.now },
  )
  const result: BuildResult = {
    output: relativeTo(cwd, output),
    written: false,
    // Only a dry run comes here with a package the build would keep: it says so, as that build would.
    unchanged: kept !== undefined,
    partial: inputs.partial,
    ...summary,
    // Each ID at its note's line in the file as written, as the warnings.
    ids: report.placed.ids(report.ids),
    removed: kept ? [] : packaged.removed,
    // A warning below a new ID line is said where the file has it now, as `check` and the next build say it.
    diagnostics: report.placed.diagnostics(report.diagnostics),
  }
  if (inputs.dryRun) return result

  throwIfInterrupted(inputs.signal)
  await checkPackageTarget(cwd, output, inputs.recordHome)
  let written: WrittenPackage
  try {
    written = await writePackageFile(cwd, output, parts)
  } catch (error) {
    // The IDs written before it stay in the notes: the result lists them, with why no package is there.
    if (!(error instanceof DecklabError) || report.ids.length === 0) throw error
    report.diagnostics.push(
      createReporter(relativeTo(cwd, output)).error('package-write-failed', error.message),
    )
    const { placed } = report
    return emptyResult(
      placed.diagnostics(report.diagnostics),
      inputs.partial,
      placed.ids(report.ids),
    )
  }
  try {
    await recordOutput(output, written, packaged.state, {
      inputHash: inputs.inputHash,
      withProgress: inputs.reviewProgress !== undefined,
      quickKey: inputs.quickKey,
      quickIndexPath: inputs.quickIndexPath,
      recordHome: inputs.recordHome,
      mediaStats: inputs.rendered.media.stats,
      mediaLookups: inputs.rendered.rendered.flatMap((note) => note.lookups ?? []),
      vaultRoots: inputs.vaultRoots,
      warnings: report.recordedWarnings.filter((warning) => !stillWritten.includes(warning)),
      loadWarnings: report.loadWarnings,
      summary,
    })
  } catch (error) {
    // The package is in place already: "what it wrote before stays" left the user guessing whether it was.
    throw (
      systemError(
        error,
        `decklab stopped there: the package \`${pathInMessage(relativeTo(cwd, output))}\` was written and is whole${report.ids.length === 0 ? '' : report.ids.length === 1 ? ', and so is the new ID in its note' : `, and so are the ${report.ids.length} new IDs in the notes`}, but not its record for the next build`,
      ) ?? error
    )
  }
  return { ...result, written: true }
}
