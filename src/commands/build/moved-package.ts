/**
 * A default package whose name changed: `dist/<root deck>.apkg` follows the
 * notes' root decks, so deleting the last note of a deck (or adding one of
 * a new deck) moves the package to another name, which has no build record.
 * Without one, the build would name no removed note and stamp every note
 * anew. The record of the package these notes were last built into, beside
 * it, stands in: the one that shares the most notes with them.
 */
import { readdir } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import { createReporter } from '../../diagnostics/reporter.js'
import { type BuildState, buildStatePath, readBuildState } from '../../rebuild/build-state.js'
import { relativeTo } from '../../text/relative-path.js'

/** The last record of these notes under another package name in `output`'s folder, with a warning saying so. */
export async function movedPackageState(
  cwd: string,
  output: string,
  /** The GUIDs of the notes built (asked for only when another record is there). */
  guids: () => readonly string[],
): Promise<{ state: BuildState; diagnostic: Diagnostic } | undefined> {
  const folder = dirname(buildStatePath(output))
  let names: string[]
  try {
    names = await readdir(folder)
  } catch {
    return undefined
  }
  const own = basename(buildStatePath(output))
  let best: { state: BuildState; package: string; shared: number } | undefined
  let built: readonly string[] | undefined
  // Sorted: the same records give the same choice whatever order the folder lists them in.
  for (const name of names.sort()) {
    // Another full build's package: a partial one holds only some of the notes.
    if (name === own || !name.endsWith('.apkg.json') || name.endsWith('.partial.apkg.json'))
      continue
    const other = join(dirname(output), name.slice(0, -'.json'.length))
    const state = await readBuildState(other)
    let shared = 0
    built ??= guids()
    for (const guid of built) if (state.notes[guid] !== undefined) shared += 1
    if (shared > 0 && shared > (best?.shared ?? 0)) best = { state, package: other, shared }
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
