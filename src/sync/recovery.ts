/**
 * Finding what an interrupted sync left in Anki, pure. The notes it added
 * carry the pending tag; each is either already named by an ID in the vault
 * (only its tag is left to clear), the same as a vault note that still lacks
 * its Anki ID (that note gets this ID), or an orphan that never reached a
 * note.
 *
 * The pending tag is Anki's, not the vault's: another vault syncing into the
 * same Anki, or this vault's notes in files a partial sync does not read,
 * carry it too. So an orphan is deleted only when all of these hold:
 *
 * - this vault's sync added it: the sync record lists it among the notes it
 *   was adding (`SyncRecord.adding`), by the ID Anki gave or, for a batch
 *   whose reply never came, by the key of what was sent (`sentNoteKey`);
 * - it is in scope for this run: the file the record places it in was read
 *   by this sync, or is gone from within what it reads (as for removals);
 * - its ID is nowhere in the vaults' note files, read this run or not, as a
 *   card or as bare text;
 * - none of its cards was studied (review history is never deleted here).
 *
 * Any other orphan is kept, with its pending tag, for a full sync to find.
 * A deletion is planned like a removal: counted in `deleted`, shown by a
 * dry run, and held by the mass-removal guard.
 */
import { createHash } from 'node:crypto'
import { pairLostIds } from '../model/lost-id.js'
import { compareStrings } from '../text/compare-strings.js'
import { firstFieldIndex } from './first-field-index.js'
import { pendingTag } from './pending-tag.js'
import { type AnkiNote, compareNote, type DesiredNote } from './plan.js'
import type { AddingNote, SyncedNote, SyncRecord } from './sync-record.js'

export interface PendingMatch {
  /** Pending notes whose ID a vault note already holds. */
  known: number[]
  /** Vault notes matched by content with a pending note, and that note's ID. */
  adoptions: Array<{ desired: DesiredNote; id: number }>
  /** Pending notes no vault note matches. */
  orphans: number[]
}

/**
 * The key of a note as sent to Anki (its type and filled fields), the same
 * for Anki's copy: what identifies a note added by a batch whose reply (and
 * so its ID) never came back.
 */
export function sentNoteKey(modelName: string, fields: Readonly<Record<string, string>>): string {
  const filled = Object.entries(fields)
    .filter(([, value]) => value !== '')
    .sort(([a], [b]) => compareStrings(a, b))
  return createHash('sha256')
    .update(JSON.stringify([modelName, filled]))
    .digest('hex')
    .slice(0, 32)
}

/**
 * Which pending notes this vault's sync added: each of the record's adding
 * notes claims the pending note with its ID, else (no ID known) one with its
 * key, each at most once. Gives each claimed entry its note's ID; returns
 * pending note ID → entry, and the entries that claimed none (their note is
 * not in Anki with the pending tag: nothing is left to find).
 */
export function attributePending(
  pending: readonly AnkiNote[],
  adding: readonly AddingNote[],
): { byId: Map<number, AddingNote>; unclaimed: AddingNote[] } {
  const byId = new Map<number, AddingNote>()
  const pendingIds = new Set(pending.map((note) => note.id))
  for (const entry of adding) {
    if (entry.id !== undefined && pendingIds.has(entry.id) && !byId.has(entry.id)) {
      byId.set(entry.id, entry)
    }
  }
  // By key, each key's entries in the record's order: the first not yet claimed claims.
  const withoutId = new Map<string, AddingNote[]>()
  for (const entry of adding) {
    if (entry.id !== undefined) continue
    const same = withoutId.get(entry.key)
    if (same === undefined) withoutId.set(entry.key, [entry])
    else same.push(entry)
  }
  for (const note of pending) {
    if (byId.has(note.id)) continue
    const entry = withoutId.get(sentNoteKey(note.modelName, note.fields))?.shift()
    if (entry === undefined) continue
    entry.id = note.id
    byId.set(note.id, entry)
  }
  const claimed = new Set(byId.values())
  return { byId, unclaimed: adding.filter((entry) => !claimed.has(entry)) }
}

/**
 * Match the pending notes with the vault's notes that lack their Anki ID
 * (none, or one Anki does not have), by content, each vault note at most
 * once. A pending note this vault added (`fileOf` gives its file) that
 * matches none by content is matched by its first field with a note of
 * that file: the note was edited since, and its card (maybe studied) stays.
 */
export function matchPendingNotes(
  desired: readonly DesiredNote[],
  pending: readonly AnkiNote[],
  ankiIds: ReadonlySet<number>,
  labField: string,
  fileOf: (id: number) => string | undefined = () => undefined,
): PendingMatch {
  const vaultIds = new Set(desired.map((entry) => entry.id))
  const taken = new Set<DesiredNote>()
  const match: PendingMatch = { known: [], adoptions: [], orphans: [] }
  const lacksId = (entry: DesiredNote) =>
    !taken.has(entry) && (entry.id === null || !ankiIds.has(entry.id))
  const byFirstField = firstFieldIndex(desired)
  const unmatched: AnkiNote[] = []
  for (const note of pending) {
    if (vaultIds.has(note.id)) {
      match.known.push(note.id)
      continue
    }
    const same = byFirstField
      .candidates(note)
      .find((entry) => lacksId(entry) && sameContent(entry, note, labField))
    if (!same) {
      unmatched.push(note)
      continue
    }
    taken.add(same)
    match.adoptions.push({ desired: same, id: note.id })
  }
  for (const note of unmatched) {
    const file = fileOf(note.id)
    const same =
      file === undefined
        ? undefined
        : byFirstField
            .candidates(note)
            .find(
              (entry) =>
                lacksId(entry) &&
                entry.note.source.absolutePath === file &&
                sameFirstField(entry, note),
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

/** An orphan this vault's sync added, with the note file the record places it in. */
export interface OwnOrphan {
  id: number
  file: string
}

/**
 * The orphans that may be deleted: this vault added them and their file is
 * in scope for this run (see the module comment); the rest are kept.
 */
export function orphansInScope(
  orphans: readonly number[],
  added: ReadonlyMap<number, AddingNote>,
  inScope: (file: string) => boolean,
): OwnOrphan[] {
  const own: OwnOrphan[] = []
  for (const id of orphans) {
    const entry = added.get(id)
    if (entry && inScope(entry.file)) own.push({ id, file: entry.file })
  }
  return own
}

/**
 * Of the orphans in scope, those provably in no note file and never
 * studied (deleted), and those studied (kept; an ID in a file keeps a
 * note silently: a sync that reads that file finds it).
 */
export function deletableOrphans(
  orphans: readonly OwnOrphan[],
  idsInVaults: ReadonlySet<number>,
  studied: ReadonlySet<number>,
): { deletable: OwnOrphan[]; studied: OwnOrphan[] } {
  const unwritten = orphans.filter((orphan) => !idsInVaults.has(orphan.id))
  return {
    deletable: unwritten.filter((orphan) => !studied.has(orphan.id)),
    studied: unwritten.filter((orphan) => studied.has(orphan.id)),
  }
}

/** Whether Anki's note has the vault note's first field (by its name), as rendered. */
export function sameFirstField(desired: DesiredNote, note: AnkiNote): boolean {
  const [first] = Object.keys(desired.fields)
  return first !== undefined && note.fields[first] === desired.fields[first]
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
 * instead of being added again while its twin is deleted as removed. A note
 * edited since matches by the ID moves (`movedFrom`): another Anki's sync
 * moved its ID from this Anki's.
 */
export function matchRecordedNotes(
  desired: readonly DesiredNote[],
  record: SyncRecord,
  ankiIds: ReadonlySet<number>,
  /** The IDs each ID was moved from (sync gave a note a new ID), for notes edited since. */
  movedFrom: ReadonlyMap<number, readonly number[]> = new Map(),
): RecordedMatch[] {
  const free = new Map<string, number[]>()
  const freeIds = new Set<number>()
  for (const [id, synced] of unheldRecordedNotes(desired, record, ankiIds)) {
    const slot = `${synced.file}\0${synced.hash}`
    const inSlot = free.get(slot)
    if (inSlot) inSlot.push(id)
    else free.set(slot, [id])
    freeIds.add(id)
  }
  const matches: RecordedMatch[] = []
  const taken = new Set<number>()
  const isFree = (candidate: number) => freeIds.has(candidate) && !taken.has(candidate)
  for (const entry of desired) {
    if (entry.id !== null && ankiIds.has(entry.id)) continue
    const slot = free.get(`${entry.note.source.absolutePath}\0${entry.hash}`)
    const same = slot?.find((candidate) => !taken.has(candidate))
    // Edited since: the ID this note had here before another Anki gave it its own.
    const id = same ?? movedHere(entry, record, movedFrom, isFree)
    if (id === undefined) continue
    taken.add(id)
    matches.push({ desired: entry, id, by: same === undefined ? 'move' : 'content' })
  }
  return matches
}

/** A vault note and the recorded ID it takes back: by content, by the ID moves, or by its first field. */
export interface RecordedMatch {
  desired: DesiredNote
  id: number
  by: 'content' | 'move' | 'first-field'
}

/** The record's notes that Anki has and no vault note holds by ID: ID → what was synced. */
export function unheldRecordedNotes(
  desired: readonly DesiredNote[],
  record: SyncRecord,
  ankiIds: ReadonlySet<number>,
): Map<number, SyncedNote> {
  const held = new Set(desired.flatMap((entry) => (entry.id === null ? [] : [entry.id])))
  const unheld = new Map<number, SyncedNote>()
  for (const [key, synced] of Object.entries(record.notes)) {
    const id = Number(key)
    if (ankiIds.has(id) && !held.has(id)) unheld.set(id, synced)
  }
  return unheld
}

/**
 * Vault notes without an ID, each paired with a recorded note gone from the
 * same file (`gone`: as Anki has it, with that file) whose note type and
 * first field it has (see sameFirstField, as pending notes are matched):
 * the ID line was lost while the note was edited (a synced-folder conflict
 * copy, an editor saving over the file decklab wrote the ID into). A pair
 * counts only when it is the only one of both (the rule build shares, see
 * pairLostIds): the note matches no other gone note, and the gone note no
 * other note of the file that lacks its Anki ID (`lacking`: those not
 * matched otherwise, with an ID or not; only those without one take an ID).
 */
export function matchByFirstField(
  lacking: readonly DesiredNote[],
  gone: ReadonlyArray<{ note: AnkiNote; file: string }>,
  sameType: (desired: DesiredNote, note: AnkiNote) => boolean,
): RecordedMatch[] {
  const pairs = pairLostIds(lacking, gone, {
    noteKey: (entry) => entry.note.source.absolutePath,
    goneKey: (candidate) => candidate.file,
    sameTypeAndFirstField: (entry, candidate) =>
      sameType(entry, candidate.note) && sameFirstField(entry, candidate.note),
    mayTake: (entry) => entry.id === null,
  })
  return pairs.map(({ note, gone: only }) => ({
    desired: note,
    id: only.note.id,
    by: 'first-field',
  }))
}

/**
 * The recorded ID, synced from the same file, that the note's ID was moved
 * from, directly or through other moves (a vault synced into two or three
 * Ankis, each giving the note its own ID): the latest move first.
 */
function movedHere(
  entry: DesiredNote,
  record: SyncRecord,
  movedFrom: ReadonlyMap<number, readonly number[]>,
  isFree: (id: number) => boolean,
): number | undefined {
  if (entry.id === null) return undefined
  const seen = new Set<number>([entry.id])
  const queue = [entry.id]
  while (queue.length > 0) {
    const id = queue.shift() as number
    for (const from of [...(movedFrom.get(id) ?? [])].reverse()) {
      if (seen.has(from)) continue
      seen.add(from)
      const synced = record.notes[String(from)]
      if (isFree(from) && synced?.file === entry.note.source.absolutePath) return from
      queue.push(from)
    }
  }
  return undefined
}
