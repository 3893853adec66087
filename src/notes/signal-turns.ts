/**
 * Checkpoints for long synchronous work (parsing, rendering, building a
 * page): a signal's handler runs only when the event loop gets a turn, so
 * work that never awaits would carry on past SIGINT and write its output.
 * A turn every `signalTurnMs` of work, not one per item: a turn costs more
 * than parsing a small note.
 */
import { letSignalsIn, throwIfInterrupted } from '../interrupt.js'

/** How much synchronous work runs between two turns of the event loop. */
export const signalTurnMs = 20

export interface SignalTurns {
  /** Whether `signalTurnMs` of work ran since the last turn: then `await turn()`. */
  due(): boolean
  /** Let a pending signal's handler run, and throw `InterruptedError` once the signal fired. */
  turn(): Promise<void>
}

/** Checkpoints against `signal`, the clock starting now. */
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
