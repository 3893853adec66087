/**
 * What a build record keeps of each note so that a later build can give a
 * note that lost its ID line its ID back (see model/lost-id.ts): the file
 * it is in and its first field. The file is named relative to the package's
 * folder (the record's folder moves with it, the current directory does
 * not); the first field is kept as a short hash of its Markdown, not its text.
 */
import { dirname, relative, sep } from 'node:path'
import type { Note } from '../model/note.js'

/** The files of the notes as the record of `output` names them, each worked out once. */
export function recordedFiles(output: string): (absolutePath: string) => string {
  const folder = dirname(output)
  const known = new Map<string, string>()
  return (absolutePath) => {
    let name = known.get(absolutePath)
    if (name === undefined) {
      name = relative(folder, absolutePath).split(sep).join('/')
      known.set(absolutePath, name)
    }
    return name
  }
}

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
