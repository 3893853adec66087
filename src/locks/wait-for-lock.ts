/**
 * Waiting for a lock another decklab holds: one attempt every 50–100 ms (the
 * jitter keeps two waiters from trying in step) until it is free, the
 * deadline passes or a signal comes. The vault lock (build, sync writing IDs)
 * and a preview folder's lock wait so; the quiz's and sync's own locks refuse
 * at once.
 */
import { throwIfInterrupted } from '../interrupt.js'
import type { LockAttempt, LockHolder } from './lock-file.js'

/**
 * The holder as a waiter names it: `decklab sync (pid 42)`, or `another` and
 * `command` when its text does not say. A lock still being written names no
 * holder yet: "unknown (pid 0)" named a process that does not exist.
 */
export function holderName(holder: LockHolder, command = 'decklab'): string {
  if (holder.pid === 0) return 'another decklab that is taking the lock'
  return `${holder.command || `another ${command}`} (pid ${holder.pid})`
}

/**
 * Take a lock with `take` (one attempt; what it throws is the caller's to
 * word), waiting while another live decklab holds it: the release, or the
 * holder still there past `deadline`. `onWait` is told once, before the
 * first wait, who holds it. Throws `InterruptedError` once `signal` fires.
 */
export async function waitForLock(
  take: () => LockAttempt,
  deadline: number,
  options: { signal?: AbortSignal | undefined; onWait?: ((holder: string) => void) | undefined },
): Promise<{ release: () => void } | { holder: LockHolder }> {
  let told = false
  for (;;) {
    throwIfInterrupted(options.signal)
    const attempt = take()
    if (attempt.held) return { release: attempt.release }
    if (!told) options.onWait?.(holderName(attempt.holder))
    told = true
    if (Date.now() > deadline) return { holder: attempt.holder }
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 50))
  }
}
