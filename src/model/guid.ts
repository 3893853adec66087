import { hash } from 'node:crypto'

/** Anki's base91 alphabet for GUIDs (as in Anki's `utils.py` and genanki). */
const base91Alphabet =
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~'

/**
 * genanki's `guid_for(*values)`: SHA-256 of the values joined with `__`,
 * first 8 bytes as a big-endian unsigned integer, written in base91 (most
 * significant digit first).
 */
export function guidFor(...values: ReadonlyArray<string | number>): string {
  const digest = hash('sha256', values.map(String).join('__'), 'buffer')
  let number = digest.readBigUInt64BE(0)
  const base = BigInt(base91Alphabet.length)
  let text = ''
  while (number > 0n) {
    text = base91Alphabet[Number(number % base)] + text
    number /= base
  }
  return text || base91Alphabet[0]!
}

/**
 * A note's GUID comes from its persistent ID alone, so editing the card's
 * text never changes its identity (re-imports update instead of duplicating).
 */
export function guidForNoteId(id: number): string {
  return guidFor('decklab', id)
}
