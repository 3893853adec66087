/**
 * A one-line progress bar on stderr for large builds, redrawn in place and
 * throttled so drawing never costs more than the work it reports.
 */
import type { Writable } from 'node:stream'
import { terminalColumns } from '../../terminal/io.js'
import { cutLine } from '../../terminal/wrap.js'
import { count } from '../../text/count.js'

/** Notes above which a terminal gets a progress bar. */
export const PROGRESS_THRESHOLD = 500

/**
 * What the bar says as notes are worked through (`onProgress`): `<verb> N notes…`
 * at the first, then the bar itself for more than `PROGRESS_THRESHOLD` notes.
 */
export function notesProgress(
  progress: ProgressBar,
  verb: string,
): (done: number, total: number) => void {
  return (done, total) => {
    if (done === 1) progress.status(`${verb} ${count(total, 'note')}…`)
    if (total > PROGRESS_THRESHOLD) progress.update(done, total)
  }
}

export interface ProgressBar {
  /** Show what is happening now (`reading notes…`) until the next update. */
  status(text: string): void
  update(done: number, total: number): void
  /** Erase the bar (before the summary is printed). */
  finish(): void
}

/**
 * A bar that draws at most every ~1% and erases itself when done; `env`'s
 * `COLUMNS` gives the width when the terminal does not know it, as for every
 * other line decklab fits to the terminal (`terminalColumns`).
 */
export function createProgressBar(
  stream: Writable,
  label: string,
  env: Record<string, string | undefined>,
  width = 30,
): ProgressBar {
  let lastPercent = -1
  let drawn = false
  // One row, always: a line the terminal wraps leaves its first rows behind when it is erased.
  const oneRow = (text: string) => {
    const columns = terminalColumns(stream as { columns?: number }, env)
    return columns > 1 ? cutLine(text, columns - 1, '…') : text
  }
  return {
    status(text) {
      stream.write(`\r\u001b[2K${oneRow(text)}`)
      drawn = true
    },
    update(done, total) {
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100)
      if (percent === lastPercent) return
      lastPercent = percent
      const filled = Math.round((percent / 100) * width)
      stream.write(
        `\r${oneRow(`${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${String(percent).padStart(3)}% ${done}/${total}`)}`,
      )
      drawn = true
    },
    finish() {
      if (drawn) stream.write('\r\u001b[2K')
      drawn = false
    },
  }
}
