import { writeSync } from 'node:fs'

/** One `write` may write less than asked (a large buffer, a full pipe or disk): write the rest. */
export function writeAll(descriptor: number, bytes: Uint8Array): void {
  let offset = 0
  while (offset < bytes.length) {
    offset += writeSync(descriptor, bytes, offset, bytes.length - offset)
  }
}
