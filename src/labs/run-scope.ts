/**
 * Which lab run the code running now belongs to. Each lab's `run` is called
 * in an async scope of its own, which everything it starts keeps (its timers,
 * promises, socket callbacks), after the run has ended too: what a lab's
 * code prints or throws later is told its own, never blamed on the lab that
 * runs then (`verify` runs the next one meanwhile), and never lands on
 * decklab's stdout after the report (`--json`'s one document).
 */
import { AsyncLocalStorage } from 'node:async_hooks'

/** One run, as its later code needs it. */
export interface RunScope {
  lab: string
  /** The run's result is out: nothing more goes into its transcript. */
  over(): boolean
  /** Add a line to the run's transcript (while it is not over). */
  note(line: string): void
}

const scopes = new AsyncLocalStorage<RunScope>()

/** Call `body` (a lab's `run`) in the scope of `scope`. */
export function inRunScope<T>(scope: RunScope, body: () => T): T {
  return scopes.run(scope, body)
}

/** The run whose code is running now, if any. */
export function currentRunScope(): RunScope | undefined {
  return scopes.getStore()
}
