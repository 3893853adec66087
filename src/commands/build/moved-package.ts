/**
 * A default package whose name changed: `dist/<root deck>.apkg` follows the
 * notes' root decks, so deleting the last note of a deck (or adding one of
 * a new deck) moves the package to another name, which has no build record.
 * Without one, the build would name no removed note and stamp every note
 * anew. The record of the package these notes were last built into, beside
 * it, stands in: the one that shares the most notes with them.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import { createReporter } from '../../diagnostics/reporter.js'
import type { BuildState, SiblingState } from '../../rebuild/build-state.js'
import { relativeTo } from '../../text/relative-path.js'

/** The last record of these notes under another package name among `siblings`, with a warning saying so. */
export function movedPackageState(
  cwd: string,
  output: string,
  siblings: readonly SiblingState[],
  /** The GUIDs of the notes built (asked for only when another record is there). */
  guids: () => readonly string[],
): { state: BuildState; diagnostic: Diagnostic } | undefined {
  let best: { state: BuildState; package: string; shared: number } | undefined
  let built: readonly string[] | undefined
  for (const sibling of siblings) {
    // Another full build's package: a partial one holds only some of the notes.
    if (!sibling.output.endsWith('.apkg') || sibling.output.endsWith('.partial.apkg')) continue
    built ??= guids()
    let shared = 0
    for (const guid of built) if (sibling.state.notes[guid] !== undefined) shared += 1
    if (shared > 0 && shared > (best?.shared ?? 0)) {
      best = { state: sibling.state, package: sibling.output, shared }
    }
  }
  if (best === undefined) return undefined
  const diagnostic = createReporter(relativeTo(cwd, output)).warning(
    'package-moved',
    `Unexpected package name \`${relativeTo(cwd, output)}\` for notes last built into \`${relativeTo(cwd, best.package)}\`, expected the same name: it follows the notes' root decks, which changed`,
    {
      hint: `Import \`${relativeTo(cwd, output)}\`; \`${relativeTo(cwd, best.package)}\` is the last build's. Notes gone since then are named as removed below`,
    },
  )
  return {
    state: { version: 2, notes: best.state.notes, notetypes: best.state.notetypes },
    diagnostic,
  }
}
