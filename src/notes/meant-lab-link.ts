/**
 * What a malformed `Lab:` entry most likely meant, for its warning's "did you
 * mean": a link typed with capitals, in backticks or as a wikilink, with
 * spaces around its `#`, or links separated by spaces instead of commas.
 */
import { parseLabLinks } from './lab-links.js'

/** The entry as a valid link (or comma-separated links), or undefined when no such reading is plain. */
export function meantLabLink(text: string): string | undefined {
  const bare = text
    .toLowerCase()
    .replace(/^`+([^`]*)`+$/, '$1')
    .replace(/^\[\[([^\]]*)\]\]$/, '$1')
    .replace(/\s*#\s*/g, '#')
    .trim()
  const words = bare.split(/\s+/)
  // Words apart are links only when each names a check: `[[My note]]` is no two labs `my` and `note`.
  if (words.length > 1 && !words.every((word) => word.includes('#'))) return undefined
  const meant = words.join(', ')
  return parseLabLinks(meant, 1, 1).problems.length === 0 ? meant : undefined
}
