import { unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { type MemberData, mediaPastZipLimit, zipStored } from '../../src/anki/zip-stored.js'
import { DecklabError } from '../../src/errors.js'
import { archiveBytes } from './archive-bytes.js'

/** The archive as one buffer, as it lands on disk. */
const zipped = (members: ReadonlyArray<readonly [string, MemberData]>, at: Date) =>
  archiveBytes(zipStored(members, at))

const date = new Date(1980, 0, 1, 0, 0, 0)
const bytes = (text: string) => new TextEncoder().encode(text)

describe('zipStored', () => {
  it('writes the same bytes as fflate storing the same members', () => {
    const members: Array<[string, Uint8Array]> = [
      ['0', bytes('first media file')],
      ['1', new Uint8Array(0)],
      ['collection.anki2', new Uint8Array(70_000).map((_, index) => index * 7)],
      ['media', bytes('{"0":"a.png","1":"b.png"}')],
      ['naïve.txt', bytes('a UTF-8 name')],
    ]
    const reference = zipSync(
      Object.fromEntries(members.map(([name, data]) => [name, [data, { level: 0 }]])),
      { mtime: date },
    )
    expect(zipped(members, date).equals(Buffer.from(reference))).toBe(true)
  })

  it('takes a member in parts: the same archive, its bytes in the parts as given', () => {
    const whole = new Uint8Array(70_000).map((_, index) => index * 7)
    const pieces = [whole.subarray(0, 4096), whole.subarray(4096, 4096), whole.subarray(4096)]
    const members = (
      data: Uint8Array | Uint8Array[],
    ): Array<[string, Uint8Array | Uint8Array[]]> => [
      ['0', bytes('media')],
      ['collection.anki2', data],
      ['media', bytes('{}')],
    ]
    const expected = zipped(members(whole), date)
    expect(zipped(members(pieces), date).equals(expected)).toBe(true)
    const parts = zipStored(members(pieces), date)
    expect(parts).toContain(pieces[2])
    expect(archiveBytes(parts).equals(expected)).toBe(true)
  })

  // 42 media files of 99 MiB each (every one under the 100 MiB media limit) stopped a build
  // with exit 70, "internal error … This is a bug in decklab". Files are sized, never read here.
  it('refuses more than a zip without ZIP64 holds with package-too-large, not an internal error', () => {
    const refusal = (members: ReadonlyArray<readonly [string, MemberData]>) => {
      try {
        zipStored(members, date)
      } catch (error) {
        return error
      }
      return undefined
    }
    const media = (size: number) => ({ path: '/nonexistent/lecture.mp3', size, crc32: 0 })
    const large = refusal([
      ['0', media(0x7fffffff)],
      ['1', media(0x7fffffff)],
      ['media', bytes('{}')],
    ])
    expect(large).toBeInstanceOf(DecklabError)
    expect(large).toMatchObject({ code: 'package-too-large' })
    expect((large as Error).message).toMatch(/^Unexpected package of 4\.00 GiB in 3 members/)
    const many = refusal(
      Array.from({ length: 0x10000 }, (_, index) => [String(index), new Uint8Array(0)] as const),
    )
    expect(many).toMatchObject({ code: 'package-too-large' })
    expect(refusal([['0', media(0x7fffffff)]])).toBeUndefined()
  })

  // `decklab check` knows the media's sizes, not yet the collection: it refuses what the media
  // alone make too large, as `zipStored` would count them beside an empty collection and map.
  it('refuses media past the limit before any collection is written, as zipStored counts them', () => {
    const members = (sizes: readonly number[]) =>
      [
        ...sizes.map((size, index) => [String(index), media(size)] as const),
        ['collection.anki2', new Uint8Array(0)],
        ['media', new Uint8Array(0)],
      ] as const
    const media = (size: number) => ({ path: '/nonexistent/lecture.mp4', size, crc32: 0 })
    const zipRefuses = (sizes: readonly number[]) => {
      try {
        zipStored(members(sizes), date)
        return false
      } catch (error) {
        expect(error).toMatchObject({ code: 'package-too-large' })
        return true
      }
    }
    const mib = 1024 * 1024
    // 41 files of 100 MiB pass 4 GiB, 40 do not; a file one byte short of the limit with its headers.
    for (const sizes of [
      Array.from({ length: 41 }, () => 100 * mib),
      Array.from({ length: 40 }, () => 100 * mib),
      [0xffffffff - 3 * 76 - 2 * 22],
      [0xffffffff - 3 * 76 - 2 * 22 + 1],
      Array.from({ length: 0xffff - 2 }, () => 1),
      Array.from({ length: 0xffff - 1 }, () => 1),
    ]) {
      const refusal = mediaPastZipLimit(sizes)
      expect(refusal !== undefined, `${sizes.length} files`).toBe(zipRefuses(sizes))
      if (refusal !== undefined) expect(refusal).toMatchObject({ code: 'package-too-large' })
    }
    expect(mediaPastZipLimit(Array.from({ length: 41 }, () => 100 * mib))).toBeDefined()
    expect(mediaPastZipLimit(Array.from({ length: 0xffff - 1 }, () => 1))).toBeDefined()
    expect(mediaPastZipLimit([])).toBeUndefined()
  })

  it('reads back as the members it was given', () => {
    const unpacked = unzipSync(zipped([['media', bytes('{}')]], new Date(2024, 5, 30, 12, 0, 0)))
    expect(Object.keys(unpacked)).toEqual(['media'])
    expect(new TextDecoder().decode(unpacked.media)).toBe('{}')
  })
})
