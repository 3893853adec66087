/** Choosing the default output file from the notes' decks. */
import { join } from 'node:path'

/**
 * `dist/<root deck>.apkg` when every note shares one root deck, otherwise
 * `dist/deck.apkg` (one file holds all the decks; `-o` names it). A partial
 * build (part of a vault) gets `dist/<root deck>.partial.apkg`, so it never
 * replaces the full deck's package.
 */
export function defaultOutputPath(cwd: string, decks: Iterable<string>, partial = false): string {
  const roots = new Set<string>()
  for (const deck of decks) roots.add(deck.split('::')[0] ?? deck)
  const [only] = roots
  const name = roots.size === 1 && only !== undefined ? fileNameFor(only) : 'deck'
  return join(cwd, 'dist', `${name}${partial ? '.partial' : ''}.apkg`)
}

/** A deck name made safe as a file name on every system. */
export function fileNameFor(deck: string): string {
  const cleaned = deck
    .replace(/[/\\:*?"<>|\x00-\x1f\x7f]+/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.-]+|[. ]+$/g, '')
  return cleaned === '' ? 'deck' : cleaned
}
