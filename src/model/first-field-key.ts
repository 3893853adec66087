/**
 * A short hash of a note's first field as written, by which a note that lost
 * its ID line is known again among the notes of its file and type: the build
 * record keeps it (rebuild/lost-id-keys.ts), and so does the quiz's note index
 * (quiz/cards-file.ts), so that `build` and the quiz give such a note the
 * same ID back (model/lost-id.ts).
 */
import type { Note } from './note.js'

/**
 * A hash of the note's first field as written (the one Anki tells notes of a
 * type apart by): 53 bits (cyrb53), compared only among the notes of one file
 * and type. Not a cryptographic hash: a build hashes every note's first field,
 * and this costs a tenth of a SHA-256 digest.
 */
export function firstFieldKey(note: Pick<Note, 'fields'>): string {
  let first = ''
  for (const name in note.fields) {
    first = note.fields[name] ?? ''
    break
  }
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let index = 0; index < first.length; index += 1) {
    const code = first.charCodeAt(index)
    h1 = Math.imul(h1 ^ code, 2654435761)
    h2 = Math.imul(h2 ^ code, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return `${((h2 >>> 0) & 0x1fffff).toString(36)}.${(h1 >>> 0).toString(36)}`
}

/**
 * `firstFieldKey`, each note's hashed once: pairing notes that lost their ID
 * line asks a note's key for its group and again for each candidate.
 */
export function cachedFirstFieldKey<N extends Pick<Note, 'fields'>>(): (note: N) => string {
  const keys = new Map<N, string>()
  return (note) => {
    let key = keys.get(note)
    if (key === undefined) {
      key = firstFieldKey(note)
      keys.set(note, key)
    }
    return key
  }
}
