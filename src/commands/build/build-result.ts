/** What a build reports: the package written or kept, its counts, the IDs it wrote and its diagnostics. */

import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import type { OutputRecord } from '../../rebuild/build-state.js'
import { relativeTo } from '../../text/relative-path.js'
import type { IdWrite } from './prepare-notes.js'

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
  /**
   * A signal stopped the ID write-back: `ids` are those written before it,
   * and no package was written.
   */
  interrupted?: boolean | undefined
  /** No notes, and none built to this package before: nothing was written (no package, no record). */
  empty?: boolean | undefined
}

/** No package: the diagnostics say why (and `ids`, which IDs were written before it stopped). */
export function emptyResult(
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

/** The package kept as the last build wrote it. */
export function unchangedResult(
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
