import { unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { type MemberData, zipStored } from '../../src/anki/zip-stored.js'
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

  it('reads back as the members it was given', () => {
    const unpacked = unzipSync(zipped([['media', bytes('{}')]], new Date(2024, 5, 30, 12, 0, 0)))
    expect(Object.keys(unpacked)).toEqual(['media'])
    expect(new TextDecoder().decode(unpacked.media)).toBe('{}')
  })
})
