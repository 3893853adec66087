/**
 * A default package whose name changed: `dist/<root deck>.apkg` follows the
 * notes' root decks, so deleting the last note of a deck (or adding one of
 * a new deck) moves the package to another name, which has no build record.
 * Without one, the build would name no removed note and stamp every note
 * anew. The record of the package these notes were last built into, beside
 * it, stands in: the one that shares the most notes with them (for a vault
 * emptied of notes, the only one).
 */
import { basename } from 'node:path'
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import { createReporter } from '../../diagnostics/reporter.js'
import type { BuildState, SiblingState } from '../../rebuild/build-state.js'
import { relativeTo } from '../../text/relative-path.js'
import { defaultOutputPath } from './output-path.js'

/** The last record of these notes under another package name among `siblings`, with a warning saying so. */
export function movedPackageState(
  cwd: string,
  output: string,
  siblings: readonly SiblingState[],
  /** The GUIDs of the notes built (asked for only when another record is there). */
  guids: () => readonly string[],
  { firstBuild }: { firstBuild: boolean },
): { state: BuildState; diagnostic: Diagnostic } | undefined {
  let best: { state: BuildState; package: string; shared: number } | undefined
  let built: readonly string[] | undefined
  // Another full build's packages: a partial one holds only some of the notes, and one
  // `-o` named (`-o dist/uds.apkg`) is no default package these notes' decks moved from.
  const full = siblings.filter(
    (sibling) =>
      sibling.output.endsWith('.apkg') &&
      !sibling.output.endsWith('.partial.apkg') &&
      namedByItsDecks(sibling),
  )
  for (const sibling of full) {
    built ??= guids()
    let shared = 0
    for (const guid of built) if (sibling.state.notes[guid] !== undefined) shared += 1
    if (shared > 0 && shared > (best?.shared ?? 0)) {
      best = { state: sibling.state, package: sibling.output, shared }
    }
  }
  if (firstBuild) best ??= emptiedVault(full, built ?? guids())
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

/**
 * Whether a package has the default name of the decks it holds, as its record
 * lists them (a record without that list, from an older decklab, counts).
 */
function namedByItsDecks({ output, state }: SiblingState): boolean {
  const decks: readonly string[] | undefined = state.output?.summary?.decks
  if (decks === undefined) return true
  return basename(defaultOutputPath('', decks, false, '')) === basename(output)
}

/**
 * A vault whose notes were all removed shares no note with any record, and
 * its default package is `dist/deck.apkg`: the one full package built here
 * before is the deck those notes were removed from, so the first build of
 * that package names them. With several, which one is unknown.
 */
function emptiedVault(
  full: readonly SiblingState[],
  built: readonly string[],
): { state: BuildState; package: string; shared: number } | undefined {
  if (built.length > 0) return undefined
  const withNotes = full.filter(({ state }) => Object.keys(state.notes).length > 0)
  const [only] = withNotes
  return withNotes.length === 1 && only
    ? { state: only.state, package: only.output, shared: 0 }
    : undefined
}
