/**
 * The one outcome type of the labs: an operation the kernel may refuse
 * (connect, listen, bind, a /proc read) ends with its value or with the errno
 * it failed with, so a lab records either as evidence instead of throwing.
 */
import { errorMessage } from '../../text/error-message.js'
import { errnoName } from './evidence.js'

/** What an operation ended with: its value, or the errno name (else the message) and the error. */
export type Outcome<T> = { ok: true; value: T } | Failure

/** The failed side of an `Outcome`. */
export interface Failure {
  ok: false
  /** The errno name (`ECONNREFUSED`), or the error's message when it carries none. */
  errno: string
  error: Error
}

/** The errno name of an error, falling back to its message so nothing is lost. */
export function errnoOf(error: unknown): string {
  return errnoName(error) ?? errorMessage(error)
}

/** A thrown value as a `Failure`. */
export function failure(error: unknown): Failure {
  return {
    ok: false,
    errno: errnoOf(error),
    error: error instanceof Error ? error : new Error(String(error)),
  }
}

/** Run `produce` and capture its value or its error as an `Outcome`. */
export async function attempt<T>(produce: () => Promise<T> | T): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await produce() }
  } catch (error) {
    return failure(error)
  }
}

/** The value of an outcome; throws the error it failed with (for steps a lab cannot go on without). */
export function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) {
    // Its stack is the socket's callback: point it at the lab's line instead,
    // the place the runner names when the lab ends in error.
    Error.captureStackTrace(outcome.error, unwrap)
    throw outcome.error
  }
  return outcome.value
}

/** An outcome in a word for `observed`: `okWord` (default `connected`) or the errno name. */
export function outcomeText(outcome: Outcome<unknown>, okWord = 'connected'): string {
  return outcome.ok ? okWord : outcome.errno
}
