/**
 * Whether a zip is a package decklab wrote, from its central directory:
 * decklab dates every member 1980-01-01 00:00 (so the bytes never depend on
 * the clock) and names them `collection.anki2`, `media` and media numbers.
 * Anki's own exports and genanki's packages carry the time they were made,
 * so a build never takes one of them (a user's backup, a shared deck) for
 * its own and writes over it. Pure: the caller reads the bytes.
 */
import {
  CENTRAL_HEADER,
  CENTRAL_SIGNATURE,
  dosDateTime,
  END_OF_CENTRAL_DIRECTORY,
  END_SIGNATURE,
} from './zip-records.js'

/** The date of every member of a package decklab writes: a DOS date in local time, so the bytes do not depend on the time zone. */
export const packageZipDate = new Date(1980, 0, 1, 0, 0, 0)

/** That date as the central directory holds it (DOS time, then date). */
const DECKLAB_STAMP = dosDateTime(packageZipDate)

/** How many bytes the end record takes: decklab writes no archive comment, so exactly these. */
export const endRecordSize = END_OF_CENTRAL_DIRECTORY

/** Where the central directory is, from the file's last `endRecordSize` bytes; undefined when they are no end record of decklab's. */
export function centralDirectorySpan(
  end: Uint8Array,
  fileSize: number,
): { offset: number; size: number } | undefined {
  if (end.length !== END_OF_CENTRAL_DIRECTORY) return undefined
  const view = Buffer.from(end.buffer, end.byteOffset, end.byteLength)
  if (view.readUInt32LE(0) !== END_SIGNATURE || view.readUInt16LE(20) !== 0) return undefined
  const size = view.readUInt32LE(12)
  const offset = view.readUInt32LE(16)
  if (offset + size + END_OF_CENTRAL_DIRECTORY !== fileSize) return undefined
  return { offset, size }
}

const memberName = /^(?:collection\.anki2|media|\d+)$/

/** Whether every entry of `central` is dated as decklab dates its members, with a name it writes, the collection among them. */
export function isDecklabDirectory(central: Uint8Array): boolean {
  const view = Buffer.from(central.buffer, central.byteOffset, central.byteLength)
  let collection = false
  let at = 0
  while (at < view.length) {
    if (at + CENTRAL_HEADER > view.length || view.readUInt32LE(at) !== CENTRAL_SIGNATURE) {
      return false
    }
    if (view.readUInt32LE(at + 12) !== DECKLAB_STAMP) return false
    const nameLength = view.readUInt16LE(at + 28)
    const next =
      at + CENTRAL_HEADER + nameLength + view.readUInt16LE(at + 30) + view.readUInt16LE(at + 32)
    if (next > view.length) return false
    const name = view.toString('utf8', at + CENTRAL_HEADER, at + CENTRAL_HEADER + nameLength)
    if (!memberName.test(name)) return false
    if (name === 'collection.anki2') collection = true
    at = next
  }
  return collection
}
