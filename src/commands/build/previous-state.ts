/**
 * What a build is stamped against: its package's own record (or, for a
 * default package that moved with its root decks, the record it had), and
 * the newest stamps of the packages built beside it (a partial build's).
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import {
  type BuildState,
  type ContentStamp,
  outdatedBy,
  readBuildState,
  siblingStates,
  stampsElsewhere,
} from '../../rebuild/build-state.js'
import { movedPackageState } from './moved-package.js'

export interface PreviousState {
  state: BuildState
  /** Said once when the record came from the package's old name (`package-moved`). */
  moved?: Diagnostic | undefined
  elsewhere: ReadonlyMap<string, ContentStamp>
}

/** The previous state of `output` (none for a dry run); `mayHaveMoved` for a default package name. */
export async function previousState(
  cwd: string,
  output: string,
  options: { dryRun: boolean; mayHaveMoved: boolean },
  /** The GUIDs of the notes built, asked for only when another record is there. */
  guids: () => readonly string[],
): Promise<PreviousState> {
  if (options.dryRun) return { state: { version: 2, notes: {} }, elsewhere: new Map() }
  let state = await readBuildState(output)
  // Read once: for a package that moved, and for the stamps beside this one.
  const siblings = await siblingStates(output)
  let moved: Diagnostic | undefined
  if (options.mayHaveMoved && Object.keys(state.notes).length === 0) {
    const found = movedPackageState(cwd, output, siblings, guids)
    if (found) {
      state = found.state
      moved = found.diagnostic
    }
  }
  return { state, moved, elsewhere: stampsElsewhere(siblings) }
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
