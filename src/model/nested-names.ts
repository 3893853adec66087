/**
 * Deck names and tags nest with `::`: `A::B::C` lies in `A::B`, which lies
 * in `A`. The Anki writer creates every parent deck, the preview page counts
 * decks the same way, and the quiz suggests deck and tag names from them.
 */

/** The name and every parent above it, outermost first: `A::B` gives `A`, `A::B`. */
export function nameAndParents(name: string): string[] {
  const parts = name.split('::')
  return parts.map((_, index) => parts.slice(0, index + 1).join('::'))
}

/** Every name the names imply, parents included (`A::B` also gives `A`), each once, sorted. */
export function namesWithParents(names: Iterable<string>): string[] {
  const all = new Set<string>()
  for (const name of names) {
    for (const implied of nameAndParents(name)) all.add(implied)
  }
  // The default sort compares UTF-16 code units, like src/text/compare-strings.ts (which the
  // model may not import): independent of the locale, so the package is byte-stable.
  return [...all].sort()
}
