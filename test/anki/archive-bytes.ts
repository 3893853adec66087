import type { ArchivePart } from '../../src/anki/zip-stored.js'

/** An archive's parts as one buffer, as it lands on disk: for parts that are all bytes (no member copied from a file). */
export function archiveBytes(parts: readonly ArchivePart[]): Buffer {
  return Buffer.concat(
    parts.map((part) => {
      if (!(part instanceof Uint8Array)) throw new Error(`a part copied from ${part.path}`)
      return part
    }),
  )
}
