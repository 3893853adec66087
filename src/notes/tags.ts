import { compareStrings } from '../text/compare-strings.js'

/**
 * Normalise tags for Anki: strip a leading `#`, turn Obsidian's `/` nesting
 * into Anki's `::`, drop empties, de-duplicate (case-insensitively, as Anki
 * does) and sort (code-unit order, so the output never depends on the locale).
 */
export function normalizeTags(tags: Iterable<string>): string[] {
  // Anki compares tags case-insensitively: keep the first spelling of each.
  const unique = new Map<string, string>()
  for (const raw of tags) {
    for (const word of raw.split(/\s+/)) {
      const tag = word
        .replace(/^#+/, '')
        .replace(/\/+/g, '::')
        .replace(/^:+|:+$/g, '')
      const key = tag.toLowerCase()
      if (tag !== '' && !unique.has(key)) unique.set(key, tag)
    }
  }
  return [...unique.values()].sort(compareStrings)
}

/** Split a space-separated tag list (`Tags:` lines, `FILE TAGS`, folder tags). */
export function splitTags(text: string): string[] {
  return text.split(/\s+/).filter((tag) => tag !== '')
}
