/**
 * A lab that calls `process.exit` would end decklab on the spot, with the
 * exit code the lab chose: `verify` and `lab run` then printed nothing and
 * exited 0, which a script reads as "every card confirmed", and the quiz
 * vanished mid-card. While labs run, such a call from a lab module throws
 * instead, so the runner ends that lab as an error naming the call and its
 * line. decklab's own calls (a second Ctrl-C, a held thread's stop) have no
 * frame in the labs folder and end the process as before.
 */
import { stackPlaces } from './throw-place.js'

/** Thrown in place of a lab's `process.exit`. */
export class LabExitRefused extends Error {}

/** Whether a stack holds a frame of a module under `folder` (a lab or a helper the labs share). */
function calledFrom(stack: string, folder: string): boolean {
  for (const frame of stackPlaces(stack)) if (frame.file.startsWith(folder)) return true
  return false
}

/**
 * Make `process.exit` throw `LabExitRefused` when a module under
 * `labsFolder` calls it; returns the function that puts it back.
 */
export function refuseLabExits(labsFolder: string): () => void {
  const exit = process.exit
  const folder = labsFolder.endsWith('/') ? labsFolder : `${labsFolder}/`
  const guarded = (code?: number | string | null) => {
    const error = new LabExitRefused(
      `the lab called process.exit(${code ?? ''}): a lab ends by returning, and decklab's exit code is its report's`,
    )
    if (calledFrom(error.stack ?? '', folder)) throw error
    return exit(code)
  }
  process.exit = guarded as typeof process.exit
  return () => {
    if (process.exit === guarded) process.exit = exit
  }
}
