/**
 * The build state kept beside the output (`.decklab-build/<name>.json`; see
 * `RecordHome` for a package built outside the notes' folders): the
 * content hash and modification time of every note and of the notetypes,
 * and a fingerprint of the last build's inputs.
 *
 * Why: Anki re-imports a note only when its `mod` is newer than the copy the
 * user has, so `mod` must move forward exactly when the content changes.
 * The clock alone would move it on every build; file mtimes would differ
 * between clones. Recording `hash → mod` keeps `mod` (and so the package
 * bytes) unchanged for unchanged notes and sets it to the build time when a
 * note changes. Losing the file only makes every `mod` the build time,
 * which Anki treats as an ordinary (harmless) update.
 */
import { readdir } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { readRegularText } from '../fs/regular-file.js'
import { writeFileAtomic } from '../fs/write-atomic.js'
import { jsonSyntaxError } from '../text/json-syntax-error.js'
import { keepAwayRecords } from './away-records.js'
import type { MediaFoldRecord, MediaSearchRecord } from './media-lookups.js'
import { type RecordHome, recordFolder } from './record-home.js'

export type { RecordHome } from './record-home.js'
export { recordFolder } from './record-home.js'

/** A stamp of one piece of content. */
export interface ContentStamp {
  hash: string
  /** Seconds. */
  mod: number
  /** Notes only: the note id, so a later build can name the notes it no longer has. */
  id?: number | undefined
  /**
   * Notes only: the note type it was packaged as. Anki's import skips a note
   * whose type changed, so a later build says so.
   */
  type?: string | undefined
  /**
   * Notes only: the type it was first packaged as, when `type` is another
   * one. Anki keeps that first type (its import skipped the later ones), so
   * a note changed back to it is no type change for Anki.
   */
  first?: string | undefined
  /**
   * Notes only: the deck it was packaged into. An import never moves cards,
   * so a later build says when the deck changed.
   */
  deck?: string | undefined
  /**
   * Notes only: the deck it was first packaged into, when `deck` is another
   * one. An import never moves cards, so a collection that only imports
   * (a student's) keeps its cards there.
   */
  firstDeck?: string | undefined
  /**
   * Notes only: the ordinals of its cards, when not just `[0]`. An import
   * never deletes a card, so a later build says which ones it no longer makes.
   */
  ords?: number[] | undefined
  /**
   * Notes only: its file, relative to the package's folder, and a hash of its
   * first field (see lost-id-keys.ts), so a note that lost its ID line takes
   * that ID back. A record from before has neither: its notes are not given back.
   */
  file?: string | undefined
  head?: string | undefined
}

/**
 * The note type Anki has for a stamped note: the one first packaged. Its
 * import skips a note whose type changed, so a collection that only imports
 * keeps that first type (undefined for a stamp that is no note's).
 */
export function typeInAnki(stamp: ContentStamp): string | undefined {
  return stamp.first ?? stamp.type
}

export interface BuildState {
  version: 2
  /** guid → stamp. */
  notes: Record<string, ContentStamp>
  notetypes?: ContentStamp | undefined
  /** The last written package, to skip work when nothing changed. */
  output?: OutputRecord | undefined
}

/** What the last build wrote and from which inputs. */
export interface OutputRecord {
  /** Hash of the notes as parsed, the stylesheet and the code (see `hashInputs`). */
  inputHash: string
  /** The note files' metadata, the options and the code, as text (see `quickFingerprint`). */
  quickKey?: string | undefined
  size: number
  mtimeMs: number
  /** Other files the build read (media, settings) or looked for (media): path → `statKey`. */
  files: Record<string, string>
  /** The vault-wide searches for bare media names, and the folders that decided them. */
  mediaSearch?: MediaSearchRecord | undefined
  /** The folders that decided each media path matched in another case or Unicode form. */
  mediaFolds?: MediaFoldRecord | undefined
  /** The warnings that build reported (shown again when the package is kept), as the files read after it. */
  warnings: Diagnostic[]
  /**
   * How many of `warnings`, first, came from loading the notes (the rest from
   * rendering them): a build that loads the notes again shows its own instead.
   */
  loadWarnings: number
  summary: { notes: number; cards: number; media: number; decks: string[] }
}

/** Where the state of an output lives. */
export function buildStatePath(output: string, home?: RecordHome): string {
  return join(recordFolder(dirname(output), home), `${basename(output)}.json`)
}

/** The recorded state, or an empty one when missing or unreadable (see `readOwnBuildState`). */
export async function readBuildState(output: string, home?: RecordHome): Promise<BuildState> {
  return (await readOwnBuildState(output, home)).state
}

/**
 * The recorded state and, when a record is there but cannot be used (cut
 * short, not JSON, another shape, not a file), why: the build then starts
 * afresh, and the caller says so (it cannot name the notes removed since).
 */
export async function readOwnBuildState(
  output: string,
  home?: RecordHome,
): Promise<{ state: BuildState; damaged?: string | undefined; absent?: true }> {
  const empty: BuildState = { version: 2, notes: {} }
  let text: string
  try {
    text = await readRegularText(buildStatePath(output, home))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'ENOENT') return { state: empty, damaged: code ?? String(error) }
    // Kept beside the package by a decklab before `RecordHome` put it elsewhere: taken over
    // (the next record is written in its new place), so no stamp and no removed note is lost.
    if (home !== undefined && buildStatePath(output, home) !== buildStatePath(output)) {
      const before = await readOwnBuildState(output)
      if (before.absent === undefined && before.damaged === undefined) return before
    }
    return { state: empty, absent: true }
  }
  try {
    const state = JSON.parse(text) as BuildState
    if (state?.version === 2 && typeof state.notes === 'object' && state.notes !== null) {
      return { state }
    }
    return { state: empty, damaged: 'not a build record of this version' }
  } catch (error) {
    return { state: empty, damaged: `not JSON: ${jsonSyntaxError(error)}` }
  }
}

/** Another package's record in this output's folder: its package path and state. */
export interface SiblingState {
  output: string
  state: BuildState
}

/** The records of the other packages built into `output`'s folder, by name. */
export async function siblingStates(output: string, home?: RecordHome): Promise<SiblingState[]> {
  const folder = dirname(buildStatePath(output, home))
  const own = basename(buildStatePath(output, home))
  let names: string[]
  try {
    names = await readdir(folder)
  } catch {
    return []
  }
  const siblings: SiblingState[] = []
  // Sorted: the same records give the same results whatever order the folder lists them in.
  for (const name of names.sort()) {
    if (name === own || !name.endsWith('.json')) continue
    const other = join(dirname(output), name.slice(0, -'.json'.length))
    siblings.push({ output: other, state: await readBuildState(other, home) })
  }
  return siblings
}

/**
 * The newest stamp of each note among the other packages built into this
 * output's folder (a partial build's, another `-o` name's). A note imported
 * from one of them may be newer in Anki than this output's own record says:
 * its next stamp here must be newer still, or the import keeps the other
 * package's text (a change tried in a partial build, then undone).
 */
export function stampsElsewhere(siblings: readonly SiblingState[]): Map<string, ContentStamp> {
  const newest = new Map<string, ContentStamp>()
  for (const { state } of siblings) {
    for (const [guid, stamp] of Object.entries(state.notes)) {
      const known = newest.get(guid)
      if (known === undefined || stamp.mod > known.mod) newest.set(guid, stamp)
    }
  }
  return newest
}

/** A stamp from elsewhere newer than `own` for other content: this build must move past it. */
export function outdatedBy(
  own: ContentStamp | undefined,
  elsewhere: ContentStamp | undefined,
): elsewhere is ContentStamp {
  return (
    elsewhere !== undefined &&
    elsewhere.hash !== own?.hash &&
    (own === undefined || elsewhere.mod >= own.mod)
  )
}

/** Save the state atomically. */
export async function writeBuildState(
  output: string,
  state: BuildState,
  home?: RecordHome,
): Promise<void> {
  writeFileAtomic(buildStatePath(output, home), `${JSON.stringify(state)}\n`, {
    clearDeadTemps: true,
  })
  if (home !== undefined) keepAwayRecords(dirname(output), home)
}

/** The recorded mod when the hash is unchanged, else the build time. */
export function stamp(
  previous: ContentStamp | undefined,
  hash: string,
  nowSeconds: number,
): ContentStamp {
  if (previous && previous.hash === hash) return previous
  // Never go backwards, even if the clock does: Anki updates only newer notes.
  const mod = previous ? Math.max(nowSeconds, previous.mod + 1) : nowSeconds
  return { hash, mod }
}
