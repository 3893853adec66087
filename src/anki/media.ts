/**
 * Media in a legacy package: a `media` JSON member mapping `"0"`, `"1"`, …
 * to file names, and each file stored as the zip member of that number.
 */
import { isSafeMediaName, type MediaEntry } from '../model/media.js'
import { compareStrings } from '../text/compare-strings.js'
import type { MemberData } from './zip-stored.js'

/**
 * Sort and number the media files: returns the `media` JSON text and the
 * zip members (`"0"` → bytes, or the file to read them from). Throws on an unsafe or duplicate name: the
 * renderer gives Anki-safe names, so either is a bug.
 */
export function mediaMembers(media: readonly MediaEntry[]): {
  mapJson: string
  members: Array<[string, MemberData]>
} {
  const sorted = [...media].sort((a, b) => compareStrings(a.name, b.name))
  const map: Record<string, string> = {}
  const members: Array<[string, MemberData]> = []
  sorted.forEach((entry, index) => {
    if (!isSafeMediaName(entry.name)) {
      throw new Error(`expected an Anki-safe media name, got ${JSON.stringify(entry.name)}`)
    }
    if (index > 0 && sorted[index - 1]?.name === entry.name) {
      throw new Error(`expected unique media names, got ${JSON.stringify(entry.name)} twice`)
    }
    map[String(index)] = entry.name
    members.push([String(index), entry.data])
  })
  return { mapJson: JSON.stringify(map), members }
}
