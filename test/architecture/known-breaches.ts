/**
 * Breaches of the walls that are known and on their way out, each with what
 * removes it. Delete an entry when that lands: the wall test fails on an
 * entry that no longer occurs, so the list cannot go stale.
 */
import type { KnownBreach } from './walls.js'

export const knownBreaches: readonly KnownBreach[] = []
