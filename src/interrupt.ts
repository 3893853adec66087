/**
 * Stopping on SIGINT/SIGTERM. `main.ts` turns the first signal into an abort
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
 * signals are read: a timer alone may fire before the poll, and an immediate
 * may run right after the poll that queued it, before any new one.
 */
export async function letSignalsIn(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0))
  await new Promise((resolve) => setImmediate(resolve))
}

function signalName(signal: AbortSignal): string {
  const reason = signal.reason
  const text = errorMessage(reason)
  return /SIG[A-Z]+/.exec(text)?.[0] ?? 'a signal'
}
