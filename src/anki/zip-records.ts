/**
 * What the writer of decklab's zips (`zip-stored.ts`) and their reader
 * (`package-signature.ts`) share: the records' sizes and signatures, and
 * the DOS date. Apart from the writer, so a command that only reads a
 * package (check, an unchanged build) does not load zlib for its CRC.
 */
/** Sizes and signatures of the zip records. */
export const CENTRAL_HEADER = 46
export const END_OF_CENTRAL_DIRECTORY = 22
export const CENTRAL_SIGNATURE = 0x02014b50
export const END_SIGNATURE = 0x06054b50

/** The DOS date and time of `date`, in local time as zip readers show it. */
export function dosDateTime(date: Date): number {
  const year = date.getFullYear() - 1980
  if (year < 0 || year > 119) throw new Error('zip dates run from 1980 to 2099')
  return (
    ((year << 25) |
      ((date.getMonth() + 1) << 21) |
      (date.getDate() << 16) |
      (date.getHours() << 11) |
      (date.getMinutes() << 5) |
      (date.getSeconds() >> 1)) >>>
    0
  )
}
