/**
 * Waiting for a time on the wall clock. A timer runs on the monotonic clock,
 * which stands still while the machine sleeps: one set for a learning step's
 * 10 minutes went on waiting them out after a laptop woke past the step. So
 * a wait looks at the wall clock every so often instead of trusting one timer.
 */
import { setTimeout as delay } from 'node:timers/promises'

/** Resolve once the wall clock reads `until` (ms) or later, or `signal` aborts; looked at every `checkEveryMs`. */
export async function sleepUntil(
  until: number,
  signal: AbortSignal | undefined,
  checkEveryMs: number,
): Promise<void> {
  for (let left = until - Date.now(); left > 0; left = until - Date.now()) {
    if (signal?.aborted === true) return
    await delay(Math.min(left, checkEveryMs), undefined, { signal }).catch(() => {})
  }
}
