import { describe, expect, it } from 'vitest'
import {
  centralDirectorySpan,
  endRecordSize,
  isDecklabDirectory,
} from '../../src/anki/package-signature.js'
import { zipStored } from '../../src/anki/zip-stored.js'
import { archiveBytes } from './archive-bytes.js'

/** Whether these zip bytes read as a package decklab wrote. */
function isDecklabZip(bytes: Uint8Array): boolean {
  const span = centralDirectorySpan(bytes.subarray(bytes.length - endRecordSize), bytes.length)
  return (
    span !== undefined && isDecklabDirectory(bytes.subarray(span.offset, span.offset + span.size))
  )
}

const decklabDate = new Date(1980, 0, 1, 0, 0, 0)
const members = (...names: string[]) =>
  names.map((name) => [name, Buffer.from(`bytes of ${name}`)] as const)
/** The archive as one buffer, as it lands on disk. */
const zipped = (entries: ReturnType<typeof members>, date: Date) =>
  archiveBytes(zipStored(entries, date))

describe('a package decklab wrote, told from its zip', () => {
  it('is one whose members are its own, dated as decklab dates them', () => {
    expect(isDecklabZip(zipped(members('0', '1', 'collection.anki2', 'media'), decklabDate))).toBe(
      true,
    )
  })

  it('is not one dated otherwise (an Anki export, genanki), nor with other members or no collection', () => {
    expect(isDecklabZip(zipped(members('collection.anki2', 'media'), new Date(2026, 0, 2)))).toBe(
      false,
    )
    expect(isDecklabZip(zipped(members('collection.anki21', 'media'), decklabDate))).toBe(false)
    expect(isDecklabZip(zipped(members('collection.anki2', 'notes.txt'), decklabDate))).toBe(false)
    expect(isDecklabZip(zipped(members('media', '0'), decklabDate))).toBe(false)
  })

  it('is not one with an archive comment, trailing bytes or a truncated directory', () => {
    const zip = zipped(members('collection.anki2', 'media'), decklabDate)
    expect(isDecklabZip(Buffer.concat([zip, Buffer.from('x')]))).toBe(false)
    const commented = Buffer.from(zip)
    commented.writeUInt16LE(1, commented.length - 2)
    expect(isDecklabZip(commented)).toBe(false)
    const span = centralDirectorySpan(zip.subarray(zip.length - endRecordSize), zip.length)
    expect(span).toBeDefined()
    expect(isDecklabDirectory(zip.subarray(span!.offset, span!.offset + span!.size - 3))).toBe(
      false,
    )
    expect(isDecklabZip(Buffer.from('not a zip at all, but long enough to have an end'))).toBe(
      false,
    )
  })
})
