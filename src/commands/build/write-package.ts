/**
 * Writing the package and recording what it was built from, so the next
 * build can tell that nothing changed.
 */
import { type Stats, statSync } from 'node:fs'
import { join } from 'node:path'
import type { ApkgSummary } from '../../anki/package.js'
import type { ArchivePart } from '../../anki/zip-stored.js'
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import { DecklabError } from '../../errors.js'
import { FilePartChangedError } from '../../fs/file-part.js'
import { statKey } from '../../fs/stat-key.js'
import { writeFileAtomic } from '../../fs/write-atomic.js'
import { outputWriteError } from '../../fs/write-failure.js'
import { settingsRelativePath } from '../../notes/settings.js'
import { type BuildState, type RecordHome, writeBuildState } from '../../rebuild/build-state.js'
import { type MediaLookup, recordLookups } from '../../rebuild/media-lookups.js'
import { writeQuickIndex } from '../../rebuild/quick-index.js'
import { relativeTo } from '../../text/relative-path.js'

/** The size and time of the package a build wrote, as its record keeps them. */
export type WrittenPackage = Pick<Stats, 'size' | 'mtimeMs'>

/**
 * Replace `output` with the package's `parts`, in order, atomically; an
 * unwritable folder is `output-not-writable`, a full disk `system-error`, and a
 * media file changed since it was named (`media-changed`) leaves the last
 * package as it was. Returns the size and time of the file written, taken
 * before it is renamed into place: a build of the same package running at
 * once may put its own there right after, and the record must not vouch for that one.
 */
export async function writePackageFile(
  cwd: string,
  output: string,
  parts: readonly ArchivePart[],
): Promise<WrittenPackage> {
  let written: WrittenPackage | undefined
  try {
    writeFileAtomic(output, parts, {
      // A build killed while it wrote the package left its temp file (as large as the package).
      clearDeadTemps: true,
      beforeRename: (temporary) => {
        // The rename keeps the file's size and time.
        written = statSync(temporary)
        return true
      },
    })
    return written as WrittenPackage
  } catch (error) {
    if (error instanceof FilePartChangedError) throw mediaChangedError(cwd, output, error)
    throw outputWriteError(relativeTo(cwd, output), error)
  }
}

function mediaChangedError(cwd: string, output: string, error: FilePartChangedError): DecklabError {
  return new DecklabError(
    'media-changed',
    `Unexpected change to media \`${relativeTo(cwd, error.path)}\` while the package was written (${error.reason}), expected the bytes it was named by: \`${relativeTo(cwd, output)}\` was left as it was; run the build again`,
    { cause: error },
  )
}

export interface OutputInputs {
  /** The notes' fingerprint (`notesFingerprint`); a package with progress in it never matches a plain build. */
  inputHash: string
  withProgress: boolean
  quickKey: string | undefined
  quickIndexPath: string
  /** Where the package's records are kept (see `RecordHome`). */
  recordHome: RecordHome | undefined
  /** The media files read (path → stat key). */
  mediaStats: Record<string, string>
  /** What decided where the media links resolved. */
  mediaLookups: Iterable<MediaLookup>
  vaultRoots: readonly string[]
  warnings: Diagnostic[]
  /** How many of `warnings`, first, came from loading the notes. */
  loadWarnings: number
  summary: ApkgSummary
}

/** Record the written package in the build state (and the quick index) for the next build. */
export async function recordOutput(
  output: string,
  written: WrittenPackage,
  state: BuildState,
  inputs: OutputInputs,
): Promise<void> {
  const files = { ...inputs.mediaStats }
  const lookups = recordLookups(inputs.mediaLookups, output)
  for (const [path, key] of Object.entries(lookups.files)) files[path] ??= key
  for (const vaultRoot of inputs.vaultRoots) {
    const settings = join(vaultRoot, settingsRelativePath)
    files[settings] ??= statKey(settings)
  }
  const { notes, cards, media, decks } = inputs.summary
  const record = {
    inputHash: inputs.withProgress ? `${inputs.inputHash}+progress` : inputs.inputHash,
    quickKey: inputs.quickKey,
    size: written.size,
    mtimeMs: written.mtimeMs,
    files,
    mediaSearch: lookups.search,
    mediaFolds: lookups.folds,
    warnings: inputs.warnings,
    loadWarnings: inputs.loadWarnings,
    summary: { notes, cards, media, decks },
  }
  await writeBuildState(output, { ...state, output: record }, inputs.recordHome)
  if (inputs.quickKey) {
    await writeQuickIndex(inputs.quickIndexPath, { output, record })
  }
}
