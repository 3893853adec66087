/**
 * Stopping on SIGINT, SIGTERM or SIGHUP. `main.ts` turns the first signal into an abort
 * of `Io.signal`; long synchronous work lets the signal in between steps and
 * checks it, so a command stops where it stands (exit 130).
 */
import { InterruptedError } from './errors.js'
import { errorMessage } from './text/error-message.js'

/** Throw `InterruptedError` once the signal has fired. */
export function throwIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new InterruptedError(signalName(signal), { cause: signal.reason })
}

/**
 * Give the event loop one full turn, including its poll phase, where pending
 * signals are read. One immediate may run right after the poll that queued
 * it, before any new one; a second, queued from the first, runs only in the
 * next turn, after its poll. No timer: a timer of 0 still waits 1 ms in the
 * poll (several on a busy machine), and the vault loader yields every 20 ms.
 */
export async function letSignalsIn(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve))
  await new Promise((resolve) => setImmediate(resolve))
}

function signalName(signal: AbortSignal): string {
  const reason = signal.reason
  const text = errorMessage(reason)
  return /SIG[A-Z]+/.exec(text)?.[0] ?? 'a signal'
}
