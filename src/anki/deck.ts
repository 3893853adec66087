/**
 * Decks: names with `::` subdecks, every parent created, and ids derived from
 * the name. Anki matches decks by name on import, so ids only need to be
 * deterministic (for byte-identical builds) and unique within the package.
 */
import { createHash } from 'node:crypto'

/** Anki's built-in deck, which every collection has. */
export const DEFAULT_DECK_ID = 1

/**
 * A deck's id: 13 digits from a hash of its name (stable across builds).
 * `Default` (any case, as Anki compares names) is Anki's own deck 1.
 */
export function deckIdFor(name: string): number {
  if (name.toLowerCase() === 'default') return DEFAULT_DECK_ID
  const digest = createHash('sha1').update(`decklab-deck__${name}`).digest()
  // 40 bits of the hash above a 13-digit floor: unique in practice, never 1 (Default).
  return 1_000_000_000_000 + (digest.readUIntBE(0, 5) % 8_000_000_000_000)
}

/** Anki's schema-11 deck JSON. */
export function deckJson(id: number, name: string, mod: number): Record<string, unknown> {
  return {
    browserCollapsed: false,
    collapsed: false,
    conf: 1,
    desc: '',
    dyn: 0,
    extendNew: 10,
    extendRev: 50,
    id,
    lrnToday: [0, 0],
    mod,
    name,
    newToday: [0, 0],
    revToday: [0, 0],
    timeToday: [0, 0],
    usn: -1,
  }
}
