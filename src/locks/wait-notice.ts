/**
 * How long a decklab waits for another to finish writing IDs into a vault,
 * and what it says meanwhile. Its own module, without the lock's machinery:
 * build's and sync's commands print it, and an unchanged build loads no more.
 */

/** How long a decklab waits for the vault lock, unless told otherwise. */
export const defaultLockWaitMs = 60_000

/** What a decklab waiting for the vault lock says, at once, of `holder` (`decklab sync (pid 42)`). */
export function lockWaitNotice(holder: string): string {
  return `waiting for ${holder} to finish writing IDs into this vault (up to ${defaultLockWaitMs / 1000} s)…\n`
}
