/**
 * Deck names: `::` separates a subdeck from its parent, and a deck implies
 * every parent above it. The Anki writer creates them all; the preview page
 * counts them the same way.
 */

/** Every deck the names need, parents included (`A::B` also makes `A`), sorted. */
export function deckNamesWithParents(names: Iterable<string>): string[] {
  const all = new Set<string>()
  for (const name of names) {
    const parts = name.split('::')
    for (let length = 1; length <= parts.length; length += 1) {
      all.add(parts.slice(0, length).join('::'))
    }
  }
  // The default sort compares UTF-16 code units, like src/text/compare-strings.ts (which the
  // model may not import): independent of the locale, so the package is byte-stable.
  return [...all].sort()
}
