/**
 * What a build is stamped against: its package's own record (or, for a
 * default package that moved with its root decks, the record it had), and
 * the newest stamps of the packages built beside it (a partial build's).
 */
import { constants } from 'node:fs'
import { copyFile, lstat } from 'node:fs/promises'
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import { createReporter } from '../../diagnostics/reporter.js'
import {
  type BuildState,
  buildStatePath,
  type ContentStamp,
  outdatedBy,
  type RecordHome,
  readOwnBuildState,
  siblingStates,
  stampsElsewhere,
} from '../../rebuild/build-state.js'
import { relativeTo } from '../../text/relative-path.js'
import { movedPackageState } from './moved-package.js'
import { isPartialBuild } from './partial-build.js'
import type { RecordOf } from './restore-ids.js'

/** How a package's own record is read (`readOwnBuildState`, or `readOwnRecordOnce`'s). */
export type ReadOwnRecord = typeof readOwnBuildState

/**
 * `readOwnBuildState`, each package's record read once: a build (and
 * `check`) reads it to give lost ID lines their IDs back and again for the
 * package's stamps, and parsing the record of 10,000 notes takes 20–50 ms.
 * For one command only: its reads all come before it writes the record.
 */
export function readOwnRecordOnce(home?: RecordHome): ReadOwnRecord {
  const reads = new Map<string, ReturnType<ReadOwnRecord>>()
  return (output) => {
    let read = reads.get(output)
    if (read === undefined) {
      read = readOwnBuildState(output, home)
      reads.set(output, read)
    }
    return read
  }
}

export interface PreviousState {
  state: BuildState
  /** Said once when the record came from the package's old name (`package-moved`). */
  moved?: Diagnostic | undefined
  /** Said once when the record could not be read (`build-record-damaged`). */
  damaged?: Diagnostic | undefined
  elsewhere: ReadonlyMap<string, ContentStamp>
}

/**
 * The previous state of `output`; `mayHaveMoved` for a default package name.
 * A dry run (and `check`) reads the same records and writes nothing: a
 * damaged record is said, not copied aside.
 */
export async function previousState(
  cwd: string,
  output: string,
  options: { dryRun: boolean; mayHaveMoved: boolean },
  /** The GUIDs of the notes built, asked for only when another record is there. */
  guids: () => readonly string[],
  /** How its record is read, and where the packages' records are kept (see `RecordHome`). */
  {
    readOwn = readOwnBuildState,
    home,
  }: { readOwn?: ReadOwnRecord | undefined; home?: RecordHome | undefined } = {},
): Promise<PreviousState> {
  const own = await readOwn(output)
  let state = own.state
  const damaged =
    own.damaged === undefined
      ? undefined
      : await sayDamaged(cwd, buildStatePath(output, home), own.damaged, {
          keep: !options.dryRun,
        })
  // Read once: for a package that moved, and for the stamps beside this one.
  const siblings = await siblingStates(output, home)
  let moved: Diagnostic | undefined
  if (options.mayHaveMoved && Object.keys(state.notes).length === 0) {
    // A package built before under this name has had its say about the notes removed.
    const found = movedPackageState(cwd, output, siblings, guids, {
      firstBuild: own.absent === true,
    })
    if (found) {
      state = found.state
      moved = found.diagnostic
    }
  }
  return { state, moved, damaged, elsewhere: stampsElsewhere(siblings) }
}

/**
 * A record that cannot be read is copied aside before the build writes a new
 * one (`keep`; a dry run writes nothing), and said: without it the build
 * cannot name the notes removed since the last build (their `nid:` search),
 * and stamps every note as changed.
 */
async function sayDamaged(
  cwd: string,
  path: string,
  reason: string,
  { keep }: { keep: boolean },
): Promise<Diagnostic> {
  const keptAs = `${path}.damaged-${Date.now()}`
  let kept = keep
  try {
    // Only a file is copied: a link there (a vault shipped with its output folder) would
    // have the file it points at, anywhere (`~/.ssh/id_rsa`), copied into this folder.
    if (keep && (await lstat(path)).isFile()) await copyFile(path, keptAs, constants.COPYFILE_EXCL)
    else kept = false
  } catch {
    kept = false
  }
  const diagnostics: Diagnostic[] = []
  createReporter(relativeTo(cwd, path), diagnostics).warning(
    'build-record-damaged',
    `Unexpected build record that cannot be read (${reason}), expected the record of the last build: this build cannot name the notes removed since then, and gives every note a new modification time${kept ? `; the damaged file is kept as \`${relativeTo(cwd, keptAs)}\`` : ''}`,
    {
      hint: 'Notes removed from the vault since the last build stay in Anki: compare the deck in Anki with the notes to find them.',
    },
  )
  return diagnostics[0] as Diagnostic
}

/** Whether a package beside this one gave one of `guids` newer text than this package's record has. */
export function outdatedElsewhere(
  { state, elsewhere }: PreviousState,
  guids: () => readonly string[],
): boolean {
  return (
    elsewhere.size > 0 && guids().some((guid) => outdatedBy(state.notes[guid], elsewhere.get(guid)))
  )
}

/**
 * The record of the package a build of the notes writes (`outputOf` names it
 * from their decks and whether the build is partial), read and never
 * written: a note that lost its ID line takes back its ID from it. A damaged
 * record gives nothing back (the build says it is damaged).
 */
export function recordOfOutput(
  { cwd, paths }: { cwd: string; paths: readonly string[] },
  outputOf: (decks: string[], partial: boolean) => string,
  readOwn: ReadOwnRecord = readOwnBuildState,
): RecordOf {
  return async (notes, files) => {
    const partial = isPartialBuild(cwd, paths, files)
    const output = outputOf(
      notes.map((note) => note.deck),
      partial,
    )
    return { output, state: (await readOwn(output)).state }
  }
}
