import { compareStrings } from '../diagnostics/diagnostic.js'

/**
 * Normalise tags for Anki: strip a leading `#`, turn Obsidian's `/` nesting
 * into Anki's `::`, drop empties, de-duplicate and sort (code-unit order, so
 * the output never depends on the locale).
 */
export function normalizeTags(tags: Iterable<string>): string[] {
  const unique = new Set<string>()
  for (const raw of tags) {
    for (const word of raw.split(/\s+/)) {
      const tag = word
        .replace(/^#+/, '')
        .replace(/\/+/g, '::')
        .replace(/^:+|:+$/g, '')
      if (tag !== '') unique.add(tag)
    }
  }
  return [...unique].sort(compareStrings)
}

/** Split a space-separated tag list (`Tags:` lines, `FILE TAGS`, folder tags). */
export function splitTags(text: string): string[] {
  return text.split(/\s+/).filter((tag) => tag !== '')
}
