/**
 * The status line of a command that reads notes (`build`, `check`, `stats`), shown
 * only on a terminal that redraws lines and not for `--json`: `reading
 * PATHS…` from the start, since a big vault takes seconds to read and a
 * silent terminal looks hung, then the files read so far once there are
 * enough to take a while (100,000 notes in 5,000 files: 3 to 7 s here). The
 * bar's code is loaded only then.
 */
import { notePaths } from '../../notes/vault-root.js'
import type { Io } from '../../terminal/io.js'
import { redrawsLines } from '../../terminal/line-redraw.js'
import type { ProgressBar } from './progress.js'

export interface ReadingStatus {
  progress: ProgressBar
  /** What the bar says as notes are worked through (`notesProgress`), for `onProgress`. */
  notesProgress(verb: string): (done: number, total: number) => void
  /** Told each note file read (`done` of `total`), for `loadVault`'s `onRead`: `reading PATHS… 1200/5000 files`. */
  filesRead(done: number, total: number): void
}

/** Files below which the line keeps saying only `reading PATHS…`: they are read in a blink. */
const countedFiles = 100

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
  const reading = `reading ${notePaths(io.cwd, paths).join(', ')}…`
  progress.status(reading)
  let shown = 0
  const filesRead = (done: number, total: number) => {
    // Redrawn at most once per percent, as the bar is.
    const percent = Math.floor((done * 100) / total)
    if (total < countedFiles || percent === shown) return
    shown = percent
    progress.status(`${reading} ${done}/${total} files`)
  }
  return { progress, notesProgress: (verb) => notesProgress(progress, verb), filesRead }
}
