/**
 * A media file as the package carries it, and the names Anki keeps as they
 * are. The renderer gives such names, the build refuses any other with a
 * diagnostic, and the Anki writer asserts them.
 */

/**
 * One media file to package, under the name the fields reference: its
 * bytes, or the file to copy them from when the package is written, with the
 * size and CRC-32 it had when it was named (checked as it is copied, so a
 * package holds no media in memory; `src/fs/file-part.ts`).
 */
export interface MediaEntry {
  name: string
  data: Uint8Array | { path: string; size: number; crc32: number }
}

// Anki's `filename_is_safe` plus the characters its normaliser would rewrite.
const unsafeCharacters = /[[\]<>:"/?*^\\|\x00-\x1f\x7f]/

/** True when Anki imports the name unchanged (one path component, no rewritten characters). */
export function isSafeMediaName(name: string): boolean {
  return (
    name.length > 0 &&
    name !== '.' &&
    name !== '..' &&
    !unsafeCharacters.test(name) &&
    !/[. ]$/.test(name) &&
    Buffer.byteLength(name) <= 120 &&
    name.normalize('NFC') === name
  )
}
