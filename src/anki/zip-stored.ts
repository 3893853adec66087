/**
 * A zip archive of stored (uncompressed) members, all dated `date`: what an
 * `.apkg` needs, since its members are stored (see `package.ts`). The CRC-32
 * is Node's native one (fflate's `zipSync` took 60 ms of CPU on the 5.6 MB
 * bench collection, mostly in its JavaScript CRC), and the archive comes as
 * parts around the members' own bytes, which are never copied. Same bytes as
 * `zipSync(…, { level: 0 })` for these members (the test compares them). Pure.
 */
import { crc32 } from 'node:zlib'
import { DecklabError } from '../errors.js'
import type { FilePart } from '../fs/file-part.js'
import { programName } from '../text/program-name.js'
import {
  CENTRAL_HEADER,
  CENTRAL_SIGNATURE,
  dosDateTime,
  END_OF_CENTRAL_DIRECTORY,
  END_SIGNATURE,
} from './zip-records.js'

const LOCAL_HEADER = 30
const VERSION = 20
/** General-purpose flag bit 11: the name is UTF-8. */
const UTF8_NAME = 0x0800

/**
 * The fields both headers share, from "version needed": flags, method 0
 * (stored), time, CRC, both sizes (equal when stored) and the name length.
 */
function writeEntryFields(
  out: Buffer,
  at: number,
  flags: number,
  stamp: number,
  crc: number,
  size: number,
  nameLength: number,
): void {
  out.writeUInt16LE(VERSION, at)
  out.writeUInt16LE(flags, at + 2)
  out.writeUInt32LE(stamp, at + 6)
  out.writeUInt32LE(crc, at + 10)
  out.writeUInt32LE(size, at + 14)
  out.writeUInt32LE(size, at + 18)
  out.writeUInt16LE(nameLength, at + 22)
}

/**
 * A member's bytes: one buffer, consecutive parts of it, or a file read
 * when the archive is written (its size and CRC-32 given, `file-part.ts`).
 */
export type MemberData = Uint8Array | readonly Uint8Array[] | FilePart

/** A part of the archive: bytes, or a member's file, copied when the parts are written (`writeFileAtomic`). */
export type ArchivePart = Uint8Array | FilePart

/**
 * The archive of `members` (name → bytes, in the order given) as
 * consecutive parts: each member's header, its
 * data as given (not copied, a file not even read), and at the end the
 * central directory. Written out in turn, they are the archive; nothing
 * holds it twice.
 */
export function zipStored(
  members: ReadonlyArray<readonly [string, MemberData]>,
  date: Date,
): ArchivePart[] {
  const entries = members.map(([name, data]) => {
    const encoded = Buffer.from(name, 'utf8')
    if (encoded.length > 0xffff) throw new Error(`zip member name too long: ${name}`)
    const { parts, size, crc } = memberParts(data)
    return {
      name: encoded,
      parts,
      size,
      crc,
      flags: encoded.length === name.length ? 0 : UTF8_NAME,
    }
  })
  const stamp = dosDateTime(date)
  let localSize = 0
  let centralSize = 0
  for (const entry of entries) {
    localSize += LOCAL_HEADER + entry.name.length + entry.size
    centralSize += CENTRAL_HEADER + entry.name.length
  }
  if (localSize + centralSize > 0xffffffff || entries.length > 0xffff) {
    throw tooLarge(localSize + centralSize + END_OF_CENTRAL_DIRECTORY, entries.length)
  }
  const out: ArchivePart[] = []
  const directory = Buffer.alloc(centralSize + END_OF_CENTRAL_DIRECTORY)
  let local = 0
  let central = 0
  for (const entry of entries) {
    const { crc, size, flags } = entry
    const nameLength = entry.name.length
    // Local file header, then the data.
    const header = Buffer.alloc(LOCAL_HEADER + nameLength)
    header.writeUInt32LE(0x04034b50, 0)
    writeEntryFields(header, 4, flags, stamp, crc, size, nameLength)
    entry.name.copy(header, LOCAL_HEADER)
    out.push(header, ...entry.parts)
    // Its central directory header: "version made by", then the same fields.
    directory.writeUInt32LE(CENTRAL_SIGNATURE, central)
    directory.writeUInt16LE(VERSION, central + 4)
    writeEntryFields(directory, central + 6, flags, stamp, crc, size, nameLength)
    directory.writeUInt32LE(local, central + 42)
    entry.name.copy(directory, central + CENTRAL_HEADER)
    local += LOCAL_HEADER + nameLength + size
    central += CENTRAL_HEADER + nameLength
  }
  directory.writeUInt32LE(END_SIGNATURE, central)
  directory.writeUInt16LE(entries.length, central + 8)
  directory.writeUInt16LE(entries.length, central + 10)
  directory.writeUInt32LE(centralSize, central + 12)
  directory.writeUInt32LE(localSize, central + 16)
  out.push(directory)
  return out
}

/**
 * The `package-too-large` refusal of a package whose media have these sizes,
 * when a zip without ZIP64 cannot hold them beside its two other members
 * (`package.ts`: the media numbered from 0, `collection.anki2`, `media`),
 * those counted empty: what `decklab check` knows before any collection is
 * written. Undefined when it can; the collection may still tip it over.
 */
export function mediaPastZipLimit(mediaSizes: readonly number[]): DecklabError | undefined {
  const names = ['collection.anki2', 'media', ...mediaSizes.map((_, index) => String(index))]
  // Each member's two headers (its name in both) and data, as `zipStored` counts them.
  let headersAndData = 0
  for (const name of names) headersAndData += LOCAL_HEADER + CENTRAL_HEADER + 2 * name.length
  for (const size of mediaSizes) headersAndData += size
  return headersAndData > 0xffffffff || names.length > 0xffff
    ? tooLarge(headersAndData + END_OF_CENTRAL_DIRECTORY, names.length)
    : undefined
}

/**
 * The `package-too-large` refusal: a zip without ZIP64 holds at most 4 GiB
 * and 65,535 members, and media decklab packages may add up past that (each
 * file is at most 100 MiB, the files are not), which is no bug of decklab's.
 */
function tooLarge(bytes: number, members: number): DecklabError {
  const gib = (bytes / 1024 ** 3).toFixed(2)
  return new DecklabError(
    'package-too-large',
    `Unexpected package of ${gib} GiB in ${members} members, expected at most 4 GiB and 65535 members, what a zip without ZIP64 holds: no package was written. Link smaller media, or build parts of the vault into packages of their own (\`${programName()} build <folder> -o <name>.apkg\`)`,
  )
}

/** A member's parts with their total size and CRC-32 (a file part's as it gives them). */
function memberParts(data: MemberData): {
  parts: readonly ArchivePart[]
  size: number
  crc: number
} {
  if (!(data instanceof Uint8Array) && !Array.isArray(data)) {
    const file = data as FilePart
    return { parts: [file], size: file.size, crc: file.crc32 }
  }
  const parts = data instanceof Uint8Array ? [data] : (data as readonly Uint8Array[])
  let size = 0
  let crc = 0
  for (const part of parts) {
    size += part.length
    crc = crc32(part, crc)
  }
  return { parts, size, crc }
}
