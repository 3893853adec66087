import { hash } from 'node:crypto'

/** Anki's base91 alphabet for GUIDs (as in Anki's `utils.py` and genanki). */
const base91Alphabet =
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~'
const base = base91Alphabet.length
const twoTo32 = 0x1_0000_0000

/**
 * genanki's `guid_for(*values)`: SHA-256 of the values joined with `__`,
 * first 8 bytes as a big-endian unsigned integer, written in base91 (most
 * significant digit first).
 */
export function guidFor(...values: ReadonlyArray<string | number>): string {
  return guidOfText(values.join('__'))
}

function guidOfText(text: string): string {
  // Hex, not a Buffer: a short string costs less to make than a Buffer per note.
  const digest = hash('sha256', text, 'hex')
  // The 64-bit number as two 32-bit halves, divided by 91 in Number arithmetic
  // (every step stays below 2^53): the same digits as BigInt, without its allocations.
  let high = Number.parseInt(digest.slice(0, 8), 16)
  let low = Number.parseInt(digest.slice(8, 16), 16)
  let guid = ''
  while (high !== 0 || low !== 0) {
    const highRest = high % base
    high = (high - highRest) / base
    const rest = highRest * twoTo32 + low
    const digit = rest % base
    low = (rest - digit) / base
    guid = base91Alphabet[digit] + guid
  }
  return guid || base91Alphabet[0]!
}

/**
 * A note's GUID comes from its persistent ID alone, so editing the card's
 * text never changes its identity (re-imports update instead of duplicating).
 */
export function guidForNoteId(id: number): string {
  return guidOfText(`decklab__${id}`)
}
