/**
 * "Did you mean": the one heuristic every command uses for a mistyped name
 * (a command, an option, a note type, a lab or check id, a deck, a tag), so
 * the same typo gets the same suggestion wherever it is typed.
 */

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

/** A fragment shorter than this (`a`, `so`) is in too many names to point at one. */
const shortestFragment = 3

/**
 * The candidates close enough to `word` to be a plausible typo, closest first
 * (ties keep the candidates' order). Close enough: a few edits with case
 * ignored (about one in three characters of the candidate), or a fragment of
 * it (`stale` for `stale-socket`), since ids are often typed in part. A case
 * difference ranks behind an exact spelling but ahead of any real edit.
 */
export function nearestNames(word: string, candidates: readonly string[]): string[] {
  const lower = word.toLowerCase()
  const ranked: { name: string; distance: number }[] = []
  for (const name of candidates) {
    const caseless = levenshtein(lower, name.toLowerCase())
    if (caseless > Math.max(2, Math.ceil(name.length / 3)) && !isFragment(lower, name)) continue
    ranked.push({ name, distance: Math.min(levenshtein(word, name), caseless + 0.5) })
  }
  // Array.prototype.sort is stable: equal distances keep the candidates' order.
  return ranked.sort((left, right) => left.distance - right.distance).map((entry) => entry.name)
}

/** The one candidate closest to `word`, when it is a plausible typo (see `nearestNames`). */
export function nearestName(word: string, candidates: readonly string[]): string | undefined {
  return nearestNames(word, candidates)[0]
}

/** `stale` in `stale-socket`; not the other way round: `Test::Quizz` does not mean `Test`. */
function isFragment(lowerWord: string, name: string): boolean {
  return lowerWord.length >= shortestFragment && name.toLowerCase().includes(lowerWord)
}
