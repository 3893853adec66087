/** Edit distance between two strings (Levenshtein), case-sensitive. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let row = 1; row <= a.length; row++) {
    const current = [row]
    for (let column = 1; column <= b.length; column++) {
      const cost = a[row - 1] === b[column - 1] ? 0 : 1
      current[column] = Math.min(
        previous[column]! + 1,
        current[column - 1]! + 1,
        previous[column - 1]! + cost,
      )
    }
    previous = current
  }
  return previous[b.length]!
}

/**
 * The candidate closest to `word`, when it is close enough to be a plausible
 * typo (case differences count as small); undefined otherwise.
 */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (const candidate of candidates) {
    const distance = Math.min(
      levenshtein(word, candidate),
      levenshtein(word.toLowerCase(), candidate.toLowerCase()) + 0.5,
    )
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  const limit = Math.max(2, Math.ceil((best?.length ?? 0) / 3))
  return bestDistance <= limit ? best : undefined
}
