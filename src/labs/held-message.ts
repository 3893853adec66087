/**
 * What decklab says when the lab watchdog stops a lab whose code held the
 * thread: which lab, why, and, when the main thread was reached inside the
 * lab's code, the place in the lab's source where it was held.
 */
import { writeSync } from 'node:fs'
import { isatty } from 'node:tty'
import { createColors, shouldColor } from '../terminal/colors.js'
import { redrawsLines } from '../terminal/line-redraw.js'

/** A stop, as the watchdog's thread hands it to the main thread. */
export interface HeldStop {
  lab: string
  /** `lab <id> did not give back control within its deadline of N ms`, or `… when SIGINT came`. */
  head: string
  /** The `--json` error's code: `lab-blocked`, or `interrupted` on a signal. */
  code: string
  exitCode: number
}

/** The whole message; `place` is `labs/<id>.ts:line:column` when known. */
export function heldMessage(stop: HeldStop, place?: string | undefined): string {
  const cause =
    place === undefined
      ? `a synchronous loop or blocking call in labs/${stop.lab}.ts?`
      : `a synchronous loop or blocking call at ${place}?`
  return `${stop.head} (${cause}); decklab stopped it, its processes and its directory`
}

/**
 * Write `message` as an error line on stderr (fd 2: either thread, whatever
 * the main one holds), then `after`: the running command's words for the stop.
 */
export function writeHeldMessage(message: string, after = ''): void {
  const colors = createColors(shouldColor({ isTTY: isatty(2) }, process.env))
  // On a terminal, `verify`'s progress line is still open: the message replaces it.
  const lineStart = redrawsLines({ isTTY: isatty(2) }, process.env) ? '\r\u001b[K' : ''
  try {
    writeSync(2, `${lineStart}${colors.red('error')} ${message}\n${after}`)
  } catch {
    // stderr closed: the exit status still says it.
  }
}
