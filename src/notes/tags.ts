import { nfc } from '../text/nfc.js'

/**
 * Tags as Anki keeps them: lower-cased key → the first spelling seen. A file
 * collects its own tags once and each note adds its own to a copy.
 */
export type TagSet = Map<string, string>

const whitespace = /\s/
const whitespaceRun = /\s+/

/**
 * Normalise tags for Anki: strip a leading `#` and any `"`, turn Obsidian's `/` nesting
 * into Anki's `::`, compose (NFC), drop empties, de-duplicate (case-insensitively,
 * as Anki does) and sort (code-unit order, so the output never depends on the locale).
 */
export function normalizeTags(tags: Iterable<string>): string[] {
  return sortedTags(addTags(new Map(), tags))
}

/** Add tags (each may hold several, space-separated) to a set, normalised as `normalizeTags` does. */
export function addTags(unique: TagSet, tags: Iterable<string>): TagSet {
  for (const raw of tags) {
    // Most entries are one word already: skip the split for them.
    if (!whitespace.test(raw)) addTag(unique, raw)
    else for (const word of splitTags(raw)) addTag(unique, word)
  }
  return unique
}

/** The set's tags in code-unit order. */
export function sortedTags(unique: TagSet): string[] {
  // The default order compares UTF-16 code units, as `compareStrings` does,
  // without a call back into JavaScript per comparison.
  return [...unique.values()].sort()
}

function addTag(unique: TagSet, word: string): void {
  const tag = normalizeTag(word)
  if (tag === '') return
  // Anki compares tags case-insensitively: keep the first spelling of each.
  const key = tag.toLowerCase()
  if (!unique.has(key)) unique.set(key, tag)
}

function normalizeTag(raw: string): string {
  // Composed (NFC): a Mac's decomposed `café` is the tag typed composed in another
  // file, and a note given both spellings had two tags that look the same.
  const word = nfc(raw)
  // Plain words (most tags) have nothing to strip or replace.
  if (!/[#/:"]/.test(word)) return word
  return (
    word
      // Anki takes `"` out of a tag (2.1's canonify, and current Anki): sent as written, it never
      // matches the tag Anki keeps, and a sync would find the note changed every time.
      .replaceAll('"', '')
      .replace(/^#+/, '')
      .replace(/\/+/g, '::')
      .replace(/^:+|:+$/g, '')
  )
}

/** Split a space-separated tag list (`Tags:` lines, `FILE TAGS`, folder tags). */
export function splitTags(text: string): string[] {
  const tags: string[] = []
  let start = -1
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    // Beyond ASCII, `\s` has more members (NBSP, ideographic space…): let the regex split.
    if (code > 127) return splitOnWhitespace(text)
    if (code === 32 || (code >= 9 && code <= 13)) {
      if (start !== -1) tags.push(text.slice(start, index))
      start = -1
    } else if (start === -1) start = index
  }
  if (start !== -1) tags.push(text.slice(start))
  return tags
}

function splitOnWhitespace(text: string): string[] {
  const tags: string[] = []
  for (const tag of text.split(whitespaceRun)) if (tag !== '') tags.push(tag)
  return tags
}
