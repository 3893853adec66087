/**
 * The status line of a command that reads notes (`build`, `check`, `stats`), shown
 * only on a terminal that redraws lines and not for `--json`: `reading
 * PATHS…` from the start, since a big vault takes seconds to read and a
 * silent terminal looks hung. The bar's code is loaded only then.
 */
import { notePaths } from '../../notes/vault-root.js'
import type { Io } from '../../terminal/io.js'
import { redrawsLines } from '../../terminal/line-redraw.js'
import type { ProgressBar } from './progress.js'

export interface ReadingStatus {
  progress: ProgressBar
  /** What the bar says as notes are worked through (`notesProgress`), for `onProgress`. */
  notesProgress(verb: string): (done: number, total: number) => void
}

/** The bar, already saying `reading PATHS…`; undefined off a terminal, on `TERM=dumb` or for `--json`. */
export async function readingStatus(
  io: Io,
  json: boolean,
  label: string,
  paths: string[],
): Promise<ReadingStatus | undefined> {
  if (json || !redrawsLines(io.stderr, io.env)) return undefined
  const { createProgressBar, notesProgress } = await import('./progress.js')
  const progress = createProgressBar(io.stderr, label, io.env)
  progress.status(`reading ${notePaths(io.cwd, paths).join(', ')}…`)
  return { progress, notesProgress: (verb) => notesProgress(progress, verb) }
}
