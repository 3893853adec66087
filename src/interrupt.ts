/**
 * Stopping on SIGINT, SIGTERM or SIGHUP. `main.ts` turns the first signal into an abort
 * of `Io.signal`; long synchronous work lets the signal in between steps and
 * checks it, so a command stops where it stands (exit 130).
 */
import { InterruptedError } from './errors.js'
import { errorMessage } from './text/error-message.js'

/** Throw `InterruptedError` once the signal has fired. */
export function throwIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw interruptedError(signal)
}

/** The error for a stop by the signal `signal` has seen (`interrupted by SIGINT`). */
export function interruptedError(signal: AbortSignal): InterruptedError {
  return new InterruptedError(signalName(signal), { cause: signal.reason })
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

/** How much synchronous work runs between two turns of the event loop. */
export const signalTurnMs = 20

export interface SignalTurns {
  /** Whether `signalTurnMs` of work ran since the last turn: then `await turn()`. */
  due(): boolean
  /** Let a pending signal's handler run, and throw `InterruptedError` once the signal fired. */
  turn(): Promise<void>
}

/**
 * Checkpoints against `signal` for long synchronous work (parsing,
 * rendering, building a page), the clock starting now: a signal's handler
 * runs only when the event loop gets a turn, so work that never awaits
 * would carry on past SIGINT and write its output. A turn every
 * `signalTurnMs` of work, not one per item: a turn costs more than parsing
 * a small note.
 */
export function signalTurns(signal: AbortSignal | undefined): SignalTurns {
  let last = performance.now()
  return {
    due: () => performance.now() - last > signalTurnMs,
    async turn() {
      await letSignalsIn()
      last = performance.now()
      throwIfInterrupted(signal)
    },
  }
}

/**
 * Words a running command sets for a stop it does not reach itself, for as
 * long as it runs: `say` sets them and returns the function that takes them
 * back (only if still its own).
 */
function commandWords(): { say: (text: string) => () => void; current: () => string | undefined } {
  let words: string | undefined
  return {
    say(text) {
      words = text
      return () => {
        if (words === text) words = undefined
      }
    },
    current: () => words,
  }
}

/** What a forced stop prints when the running command said nothing more (see `interruptNotice`). */
const bareNotice = 'Interrupted.\n'
const interruptWords = commandWords()

/**
 * What the process prints when it ends on its own after a signal, because the
 * command did not stop within the grace time (`main.ts`): a sync waiting for
 * Anki to answer an add it already sent, say. A command whose interruption
 * needs more words (what is kept, what to run next) sets them here for as long
 * as it runs, with the same text it prints when it stops in time; returns the
 * function that takes them back.
 */
export function sayOnInterrupt(text: string): () => void {
  return interruptWords.say(text)
}

/** The text a forced stop prints: the running command's (`sayOnInterrupt`), else `Interrupted.`. */
export function interruptNotice(): string {
  return interruptWords.current() ?? bareNotice
}

const heldWords = commandWords()

/**
 * What the process prints after the lab watchdog's message when a lab's
 * held thread ends it mid-command (`src/labs/watchdog.ts`): the command's
 * own ending never runs then, so a command whose stop needs words (the quiz:
 * its answers are saved) sets them here for as long as it runs; returns the
 * function that takes them back.
 */
export function sayOnHeldStop(text: string): () => void {
  return heldWords.say(text)
}

/** The running command's words for a held thread's stop (`sayOnHeldStop`), else nothing. */
export function heldStopNotice(): string {
  return heldWords.current() ?? ''
}

/** The error a stop of the whole process ends with: its `--json` document's code and message. */
export interface StopError {
  code: string
  message: string
}

let forcedStopOutput: ((error: StopError) => void) | undefined

/**
 * What else a forced stop writes before the process ends: `runCli` sets the
 * `--json` error document here, so a script reading stdout still gets one.
 */
export function onForcedStop(write: ((error: StopError) => void) | undefined): void {
  forcedStopOutput = write
}

/** Write what a forced stop by `signal` prints (`main.ts`, just before it ends the process). */
export function writeForcedStop(stderr: { write(text: string): unknown }, signal: string): void {
  stderr.write(interruptNotice())
  forcedStopOutput?.(new InterruptedError(signal))
}

/**
 * A stop decided on another thread while a lab's code held the main one (a
 * synchronous loop, `execSync`, `Atomics.wait`): the lab watchdog
 * (`src/labs/watchdog.ts`) has said why on stderr already.
 */
export interface HeldThreadStop extends StopError {
  exitCode: number
}

let heldThreadStop: ((stop: HeldThreadStop) => void) | undefined

/**
 * How `main.ts` ends the process on such a stop. Only then does the lab
 * watchdog run: a test that runs labs in its own process has none.
 */
export function onHeldThreadStop(stop: ((stop: HeldThreadStop) => void) | undefined): void {
  heldThreadStop = stop
}

/** Whether a held thread can be stopped here (decklab's own process, not a test's). */
export function heldThreadStops(): boolean {
  return heldThreadStop !== undefined
}

/** End the process for a held thread, once the main thread has it back (`main.ts`'s handler). */
export function stopHeldThread(stop: HeldThreadStop): void {
  heldThreadStop?.(stop)
}

/** Write the `--json` error document of a stop that ends the process (when `--json` asked for one). */
export function writeStopError(error: StopError): void {
  forcedStopOutput?.(error)
}

function signalName(signal: AbortSignal): string {
  const reason = signal.reason
  const text = errorMessage(reason)
  return /SIG[A-Z]+/.exec(text)?.[0] ?? 'a signal'
}
