/**
 * The vault notes by their first field, for matching the notes Anki has
 * with them: a note Anki has can hold a vault note only when it has that
 * note's first field (by name, with the same value). Looking up those few
 * instead of comparing every pair keeps the recovery of an interrupted sync
 * linear: 10,000 pending notes that matched no vault note (all re-rendered
 * by a newer decklab, say) took 10^8 comparisons, seconds of it.
 */
import type { AnkiNote, DesiredNote } from './plan.js'

export interface FirstFieldIndex {
  /**
   * The vault notes whose first field `note` has, with the same value, in
   * the order they were given: every note `sameFirstField` (and so
   * `sameContent`) can accept for it, and maybe others it then refuses.
   */
  candidates(note: AnkiNote): DesiredNote[]
}

export function firstFieldIndex(desired: readonly DesiredNote[]): FirstFieldIndex {
  // First field name → its value → the notes' positions, ascending.
  const byName = new Map<string, Map<string, number[]>>()
  for (const [position, entry] of desired.entries()) {
    const [first] = Object.keys(entry.fields)
    if (first === undefined) continue
    const value = entry.fields[first] as string
    const byValue = byName.get(first) ?? new Map<string, number[]>()
    byName.set(first, byValue)
    const positions = byValue.get(value)
    if (positions === undefined) byValue.set(value, [position])
    else positions.push(position)
  }
  return {
    candidates(note) {
      const found: number[][] = []
      for (const [name, byValue] of byName) {
        // Only a field of the note's own: an inherited name (`constructor`) holds no text.
        if (!Object.hasOwn(note.fields, name)) continue
        const positions = byValue.get(note.fields[name] as string)
        if (positions !== undefined) found.push(positions)
      }
      // Notes of several types can share the value under different first fields.
      const positions =
        found.length === 1 ? (found[0] as number[]) : found.flat().sort((a, b) => a - b)
      return positions.map((position) => desired[position] as DesiredNote)
    },
  }
}
