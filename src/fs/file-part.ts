/**
 * A part of a file being written that is another file's bytes, read only
 * when it is written: a package carries its media this way, so no media
 * file is held in memory, however many there are. The part says the size
 * and CRC-32 the file had when it was named, and the copy is checked
 * against them: the file written never holds other bytes than the ones its
 * headers (a zip's CRC) and names (a content hash) were made from.
 */
import { closeSync, openSync, readSync } from 'node:fs'
import { crc32 } from 'node:zlib'
import { writeAll } from './write-all.js'

export interface FilePart {
  /** The file to copy. */
  path: string
  /** Its size when it was named. */
  size: number
  /** The CRC-32 of its bytes when it was named. */
  crc32: number
}

/** A file part's file is no longer the file it was named by (changed, grown, cut or gone). */
export class FilePartChangedError extends Error {
  constructor(
    readonly path: string,
    /** What differs, in a few words (`other bytes of the same size`). */
    readonly reason: string,
  ) {
    super(`${path} changed since it was read: ${reason}`)
    this.name = 'FilePartChangedError'
  }
}

export function isFilePart(part: Uint8Array | FilePart): part is FilePart {
  return !(part instanceof Uint8Array)
}

/** A piece of a copied file: large enough that the system calls cost nothing beside the bytes. */
const pieceBytes = 1024 * 1024

/**
 * Copy `part`'s file to `descriptor` a piece at a time, checking it against
 * the part: throws `FilePartChangedError` when its size or CRC-32 differs
 * (what was written so far is then the caller's to throw away).
 */
export function copyFilePart(descriptor: number, part: FilePart): void {
  let source: number
  try {
    source = openSync(part.path, 'r')
  } catch (error) {
    throw new FilePartChangedError(part.path, (error as NodeJS.ErrnoException).code ?? 'unreadable')
  }
  try {
    const buffer = Buffer.allocUnsafe(Math.min(pieceBytes, Math.max(part.size, 1)))
    let copied = 0
    let crc = 0
    for (;;) {
      // Read to the end of the file, so one that grew is seen.
      const bytesRead = readSync(source, buffer, 0, buffer.length, null)
      if (bytesRead === 0) break
      const piece = buffer.subarray(0, bytesRead)
      copied += bytesRead
      if (copied > part.size) break
      crc = crc32(piece, crc)
      writeAll(descriptor, piece)
    }
    if (copied !== part.size) {
      const found = copied > part.size ? `more than ${part.size}` : String(copied)
      throw new FilePartChangedError(part.path, `${found} bytes, expected ${part.size}`)
    }
    if (crc !== part.crc32)
      throw new FilePartChangedError(part.path, 'other bytes of the same size')
  } finally {
    closeSync(source)
  }
}
