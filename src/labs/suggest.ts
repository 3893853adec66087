/** "Did you mean" suggestions for mistyped lab ids. */
import { levenshtein } from '../notes/nearest.js'

/**
 * The candidate closest to `input`, if it is close enough to be a likely
 * typo. Unlike note types, lab ids are often typed as a fragment
 * (`stale` for `stale-socket`), so containment counts as a near miss.
 */
export function nearest(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (const candidate of candidates) {
    const distance =
      candidate.includes(input) || input.includes(candidate) ? 1 : levenshtein(input, candidate)
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return best !== undefined && bestDistance <= Math.max(3, Math.floor(input.length / 2))
    ? best
    : undefined
}
