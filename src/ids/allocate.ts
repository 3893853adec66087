/**
 * Allocating new note IDs: epoch milliseconds from the injected clock, never
 * an ID that appears anywhere in the vault (examples and stale IDs included).
 */
import { idCorePattern } from '../model/id-syntax.js'

/** Every `ID: N` in the texts, in any form a note reader takes (`model/id-syntax.ts`). */
export function collectUsedIds(texts: Iterable<string>): Set<number> {
  const used = new Set<number>()
  for (const text of texts) {
    for (const match of text.matchAll(idCorePattern)) used.add(Number(match[1]))
  }
  return used
}

/** Where an `ID: N` is written in these files (as `collectUsedIds` finds them). */
export interface IdPlace {
  file: string
  line: number
}

/** The first place of each `ID: N` in these files (their `file` names, 1-based lines). */
export function idPlaces(
  files: ReadonlyArray<{ file: string; text: string }>,
): Map<number, IdPlace> {
  const places = new Map<number, IdPlace>()
  for (const { file, text } of files) {
    let line = 1
    let from = 0
    for (const match of text.matchAll(idCorePattern)) {
      for (let at = text.indexOf('\n', from); at !== -1 && at < match.index; ) {
        line += 1
        at = text.indexOf('\n', at + 1)
      }
      from = match.index
      const id = Number(match[1])
      if (!places.has(id)) places.set(id, { file, line })
    }
  }
  return places
}

/**
 * `count` fresh IDs: the clock's milliseconds, stepping up past every used
 * ID. Adds them to `used`, so later calls never hand out the same ID.
 */
export function allocateIds(count: number, used: Set<number>, now: Date): number[] {
  const ids: number[] = []
  let candidate = now.getTime()
  for (let index = 0; index < count; index += 1) {
    while (used.has(candidate)) candidate += 1
    used.add(candidate)
    ids.push(candidate)
    candidate += 1
  }
  return ids
}
