/**
 * Finding what an interrupted sync left in Anki, pure. The notes it added
 * carry the pending tag; each is either already named by an ID in the vault
 * (only its tag is left to clear), the same as a vault note that still lacks
 * its Anki ID (that note gets this ID), or an orphan that never reached a
 * note (decklab created it a moment before, so it may be deleted).
 */
import { pendingTag } from './pending-tag.js'
import { type AnkiNote, compareNote, type DesiredNote } from './plan.js'
import type { SyncRecord } from './sync-record.js'

export interface PendingMatch {
  /** Pending notes whose ID a vault note already holds. */
  known: number[]
  /** Vault notes matched by content with a pending note, and that note's ID. */
  adoptions: Array<{ desired: DesiredNote; id: number }>
  /** Pending notes no vault note matches. */
  orphans: number[]
}

/**
 * Match the pending notes with the vault's notes that lack their Anki ID
 * (none, or one Anki does not have), by content, each vault note at most once.
 */
export function matchPendingNotes(
  desired: readonly DesiredNote[],
  pending: readonly AnkiNote[],
  ankiIds: ReadonlySet<number>,
  labField: string,
): PendingMatch {
  const vaultIds = new Set(desired.map((entry) => entry.id))
  const taken = new Set<DesiredNote>()
  const match: PendingMatch = { known: [], adoptions: [], orphans: [] }
  for (const note of pending) {
    if (vaultIds.has(note.id)) {
      match.known.push(note.id)
      continue
    }
    const same = desired.find(
      (entry) =>
        !taken.has(entry) &&
        (entry.id === null || !ankiIds.has(entry.id)) &&
        sameContent(entry, note, labField),
    )
    if (!same) {
      match.orphans.push(note.id)
      continue
    }
    taken.add(same)
    match.adoptions.push({ desired: same, id: note.id })
  }
  return match
}

/**
 * Whether Anki's note holds this vault note: its fields as compared for an
 * update, and its first field there too, the one Anki tells notes apart by
 * (fields are compared by name, so a Cloze and a Basic share none and would
 * otherwise look the same).
 */
export function sameContent(desired: DesiredNote, note: AnkiNote, labField: string): boolean {
  const [first] = Object.keys(desired.fields)
  if (first === undefined || note.fields[first] !== desired.fields[first]) return false
  return compareNote(desired, note, labField, [pendingTag]).fields === null
}

/**
 * Vault notes whose ID Anki does not have, but which the record shows synced
 * with the same content from the same file, under an ID Anki has and no
 * vault note holds: a file put back to an older ID (a checkout, a restore),
 * or synced meanwhile into another Anki. Each such note takes that ID back,
 * instead of being added again while its twin is deleted as removed.
 */
export function matchRecordedNotes(
  desired: readonly DesiredNote[],
  record: SyncRecord,
  ankiIds: ReadonlySet<number>,
): Array<{ desired: DesiredNote; id: number }> {
  const held = new Set(desired.flatMap((entry) => (entry.id === null ? [] : [entry.id])))
  const free = new Map<string, number[]>()
  for (const [key, synced] of Object.entries(record.notes)) {
    const id = Number(key)
    if (!ankiIds.has(id) || held.has(id)) continue
    const slot = `${synced.file}\0${synced.hash}`
    free.set(slot, [...(free.get(slot) ?? []), id])
  }
  const matches: Array<{ desired: DesiredNote; id: number }> = []
  for (const entry of desired) {
    if (entry.id !== null && ankiIds.has(entry.id)) continue
    const id = free.get(`${entry.note.source.absolutePath}\0${entry.hash}`)?.shift()
    if (id !== undefined) matches.push({ desired: entry, id })
  }
  return matches
}
