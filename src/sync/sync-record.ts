/**
 * The sync record: what decklab last sent to one Anki for one vault, kept in
 * the state directory (never in the notes). It is what lets a re-sync of an
 * unchanged vault send no write, and what limits deletions to notes decklab
 * itself synced. Losing it is safe: notes are then compared with what Anki
 * has, and nothing is deleted until decklab has synced the note again.
 */
import { createHash } from 'node:crypto'
import { lstatSync, realpathSync } from 'node:fs'
import { readdir, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { linkTarget } from '../fs/link-target.js'
import { readRegularText } from '../fs/regular-file.js'
import { writeFileAtomic } from '../fs/write-atomic.js'
import { isJsonObject } from '../text/json-object.js'
import { ankiAddressKey } from './anki-url.js'

/** What was synced of one note. */
export interface SyncedNote {
  /** Content hash of what Anki was given (fields, tags, deck, media). */
  hash: string
  deck: string
  /** The note file (absolute), so a sync of some files never deletes another file's notes. */
  file: string
  /** Hash of the note's Markdown (see `sourceHash`): unchanged, it need not be rendered again. */
  source?: string | undefined
  /** Media names its fields use. */
  media?: string[] | undefined
  /**
   * True when the sync that wrote this entry knew the note in Anki to be of
   * the block's note type (it added it, compared it, or checked it). Absent
   * in records of decklab before that check (`note-type-mismatch`), which
   * recorded such a note as synced: see `src/commands/sync/recorded-types.ts`.
   */
  typeChecked?: boolean | undefined
  /**
   * Hash of the fields as Anki had them once synced, in one spelling
   * (`syncedFieldsHash`; as spelled, `fieldsHash`, in records before
   * 2026-12-07: `sameAsSynced` takes both): Anki's copy hashing otherwise
   * was edited in Anki since. Absent in older records.
   */
  fields?: string | undefined
}

/**
 * A note a sync of this vault sent to Anki to add, while it carries the
 * pending tag: its note file, the key of what was sent (see `sentNoteKey`),
 * and its ID once Anki gave it. Only these notes may ever be deleted by the
 * recovery of an interrupted sync (see `src/sync/recovery.ts`).
 */
export interface AddingNote {
  file: string
  key: string
  id?: number | undefined
}

/** Where a stored media file came from, and its metadata then. */
export interface SyncedMediaFile {
  path: string
  stat: string
}

export interface SyncRecord {
  version: 1
  url: string
  vaults: string[]
  /** Anki note id → what was synced. */
  notes: Record<string, SyncedNote>
  /** Media name → content hash last stored. */
  media: Record<string, string>
  /** Media name → its file and `statKey` when it was last stored or found unchanged. */
  mediaFiles?: Record<string, SyncedMediaFile> | undefined
  /** True while a sync is writing: the next run first finds notes it added but did not record. */
  pending: boolean
  /** The notes this vault's syncs added that still carry the pending tag (absent: none known). */
  adding?: AddingNote[] | undefined
}

export function emptyRecord(url: string, vaults: readonly string[]): SyncRecord {
  return { version: 1, url, vaults: [...vaults], notes: {}, media: {}, pending: false }
}

/**
 * The record's file: one per vault set and AnkiConnect, however its address
 * is spelled (see `ankiAddressKey`).
 */
export function syncRecordPath(
  stateDirectory: string,
  url: string,
  vaults: readonly string[],
): string {
  return recordFile(stateDirectory, ankiAddressKey(url), vaults)
}

/** Where decklab 0.1 kept the record: by the address as spelled (`URL.href`). */
export function legacySyncRecordPath(
  stateDirectory: string,
  url: string,
  vaults: readonly string[],
): string {
  return recordFile(stateDirectory, new URL(url).href, vaults)
}

function recordFile(stateDirectory: string, address: string, vaults: readonly string[]): string {
  const key = createHash('sha256')
    .update(JSON.stringify([address, [...vaults].sort()]))
    .digest('hex')
    .slice(0, 16)
  return join(stateDirectory, 'sync', `${key}.json`)
}

/**
 * The file to read the record from: `path`, or, when there is none yet, a
 * record an older decklab kept under the address as spelled
 * (`legacyPath`), which is moved to `path` (read where it is by a dry run,
 * which changes nothing). So nobody's record is lost to the new key.
 */
export async function adoptLegacyRecord(
  path: string,
  legacyPath: string,
  options: { dryRun?: boolean } = {},
): Promise<string> {
  if (legacyPath === path || exists(path) || !exists(legacyPath)) return path
  if (options.dryRun) return legacyPath
  try {
    await rename(legacyPath, path)
  } catch (error) {
    // Another sync moved it first.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  return path
}

/** Whether anything is at `path` (a link, even a broken one, counts). */
function exists(path: string): boolean {
  try {
    lstatSync(path)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw error
  }
}

export type RecordRead =
  | { kind: 'ok'; record: SyncRecord }
  | { kind: 'missing'; record: SyncRecord }
  | { kind: 'damaged'; record: SyncRecord; path: string; keptAs: string | undefined }

/**
 * Read the record. A damaged one is renamed aside (kept, never overwritten;
 * left where it is by a dry run, which changes nothing) and the sync starts
 * from an empty record, which deletes nothing.
 */
export async function readSyncRecord(
  path: string,
  url: string,
  vaults: readonly string[],
  now: Date,
  options: { dryRun?: boolean } = {},
): Promise<RecordRead> {
  let text: string | undefined
  try {
    text = await readRegularText(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { kind: 'missing', record: emptyRecord(url, vaults) }
    }
    // A folder, a FIFO, …: damaged, and kept aside like any other.
  }
  if (text !== undefined) {
    try {
      const record: unknown = JSON.parse(text)
      if (isSyncRecord(record)) {
        return { kind: 'ok', record: { ...record, pending: record.pending === true } }
      }
    } catch {
      // damaged: kept below
    }
  }
  if (options.dryRun) {
    return { kind: 'damaged', record: emptyRecord(url, vaults), path, keptAs: undefined }
  }
  const keptAs = `${path}.damaged-${now.getTime()}`
  await rename(path, keptAs)
  return { kind: 'damaged', record: emptyRecord(url, vaults), path, keptAs }
}

/** A record as this version writes it: every note entry too, since a sync acts on each. */
function isSyncRecord(value: unknown): value is SyncRecord {
  if (!isJsonObject(value) || value.version !== 1) return false
  if (!isJsonObject(value.notes) || !isJsonObject(value.media)) return false
  if (!Object.values(value.media).every((hash) => typeof hash === 'string')) return false
  if (value.mediaFiles !== undefined && !isJsonObject(value.mediaFiles)) return false
  if (
    value.adding !== undefined &&
    !(Array.isArray(value.adding) && value.adding.every(isAdding))
  ) {
    return false
  }
  return Object.values(value.notes).every(
    (note) =>
      isJsonObject(note) &&
      typeof note.hash === 'string' &&
      typeof note.deck === 'string' &&
      typeof note.file === 'string' &&
      (note.source === undefined || typeof note.source === 'string') &&
      (note.typeChecked === undefined || typeof note.typeChecked === 'boolean') &&
      (note.fields === undefined || typeof note.fields === 'string') &&
      (note.media === undefined ||
        (Array.isArray(note.media) && note.media.every((name) => typeof name === 'string'))),
  )
}

function isAdding(value: unknown): boolean {
  return (
    isJsonObject(value) &&
    typeof value.file === 'string' &&
    typeof value.key === 'string' &&
    (value.id === undefined || Number.isSafeInteger(value.id))
  )
}

/** Forget the adding notes with these IDs (their pending tag is cleared, or they are deleted). */
export function forgetAdding(record: SyncRecord, ids: ReadonlySet<number>): void {
  if (!record.adding) return
  const left = record.adding.filter((entry) => entry.id === undefined || !ids.has(entry.id))
  record.adding = left.length > 0 ? left : undefined
}

/** Save the record atomically (after every step that changed Anki), through a symbolic link. */
/** A note another vault's record lists: that record's vaults and the note's file. */
export interface OtherVaultNote {
  vaults: string[]
  file: string
}

/** The other vaults synced into one Anki: the notes their records list, and their roots. */
export interface OtherVaults {
  /** By note id. */
  notes: Map<number, OtherVaultNote>
  /** The vault roots of those records, each once. */
  vaults: string[]
}

/**
 * The notes the other records in `stateDirectory` list for the same Anki as
 * `own` (another vault, or set of vaults, synced into it), by note id, and
 * those vaults. A record that cannot be read is passed over: it is only
 * looked at.
 */
export async function notesOfOtherVaults(
  stateDirectory: string,
  own: { url: string; path: string; vaults: readonly string[] },
): Promise<OtherVaults> {
  // Its own record may be in a second file too (an older decklab's, read where it is by a dry run,
  // or one kept under another path to the same folders: a vault named through a link to it).
  const ownVaults = realVaultsKey(own.vaults)
  const folder = join(stateDirectory, 'sync')
  const found = new Map<number, OtherVaultNote>()
  const vaults = new Set<string>()
  let names: string[]
  try {
    names = await readdir(folder)
  } catch {
    return { notes: found, vaults: [] }
  }
  const address = ankiAddressKey(own.url)
  for (const name of names.sort()) {
    const path = join(folder, name)
    if (!name.endsWith('.json') || path === own.path) continue
    let record: unknown
    try {
      record = JSON.parse(await readRegularText(path))
    } catch {
      continue
    }
    if (!isSyncRecord(record) || !Array.isArray(record.vaults)) continue
    if (typeof record.url !== 'string' || ankiAddressKey(record.url) !== address) continue
    if (realVaultsKey(record.vaults) === ownVaults) continue
    for (const vault of record.vaults) if (typeof vault === 'string') vaults.add(vault)
    for (const [id, note] of Object.entries(record.notes)) {
      found.set(Number(id), { vaults: record.vaults, file: note.file })
    }
  }
  return { notes: found, vaults: [...vaults] }
}

/** Vault roots as the folders they are: one vault named through a link to it is the same vault. */
function realVaultsKey(vaults: readonly unknown[]): string {
  const real = vaults.map((vault) => {
    if (typeof vault !== 'string') return vault
    try {
      return realpathSync.native(vault)
    } catch {
      // Gone or unreadable: the path is all there is to compare.
      return vault
    }
  })
  return JSON.stringify(real.sort())
}

/** An Anki that `decklab sync` keeps in step with some of the notes asked about. */
export interface SyncedInto {
  /** The Anki's address, as its record has it. */
  url: string
  /** How many of its synced notes are in the files asked about. */
  notes: number
  /** Their IDs. */
  ids: ReadonlySet<number>
}

/**
 * The Ankis the records in `stateDirectory` sync notes of these files
 * (absolute paths) into, each once, by address. A record that cannot be
 * read is passed over: it is only looked at.
 */
export async function ankisSyncing(
  stateDirectory: string,
  files: ReadonlySet<string>,
): Promise<SyncedInto[]> {
  const folder = join(stateDirectory, 'sync')
  let names: string[]
  try {
    names = await readdir(folder)
  } catch {
    return []
  }
  const byAddress = new Map<string, SyncedInto>()
  for (const name of names.sort()) {
    if (!name.endsWith('.json')) continue
    let record: unknown
    try {
      record = JSON.parse(await readRegularText(join(folder, name)))
    } catch {
      continue
    }
    if (!isSyncRecord(record) || typeof record.url !== 'string') continue
    const ids = new Set(
      Object.entries(record.notes)
        .filter(([, note]) => files.has(note.file))
        .map(([id]) => Number(id)),
    )
    const notes = ids.size
    if (notes === 0) continue
    let address: string
    try {
      address = ankiAddressKey(record.url)
    } catch {
      continue
    }
    // An older decklab's record of the same Anki and vault may be there too: the larger counts.
    if ((byAddress.get(address)?.notes ?? 0) < notes)
      byAddress.set(address, { url: record.url, notes, ids })
  }
  return [...byAddress.values()]
}

export async function writeSyncRecord(path: string, record: SyncRecord): Promise<void> {
  // A sync killed while it replaced the record left its temp file beside it.
  writeFileAtomic(linkTarget(path), `${JSON.stringify(record)}\n`, { clearDeadTemps: true })
}

/**
 * Forget the notes that are neither in the vault nor in Anki (deleted in
 * Anki by hand, then from the vault): nothing is left to sync or delete.
 */
export function forgetVanishedNotes(
  record: SyncRecord,
  vaultIds: ReadonlySet<number | null>,
  ankiIds: ReadonlySet<number>,
): void {
  for (const key of Object.keys(record.notes)) {
    const id = Number(key)
    if (!vaultIds.has(id) && !ankiIds.has(id)) delete record.notes[key]
  }
}

/**
 * Forget the media no note uses any more: a picture's older versions (each
 * has its own name) and what only deleted notes showed. Names a note of the
 * record lists are kept, and so are `using` (the names the notes of this
 * sync show, recorded or not: a note Anki refused keeps its media's entries
 * for the next try). A record with a note entry of a decklab that listed no
 * media keeps all of it. Nothing is asked of Anki: a forgotten name a note
 * shows again is asked for (`retrieveMediaFile`) and, being the same bytes,
 * recorded without being stored.
 */
export function forgetUnusedMedia(record: SyncRecord, using: Iterable<string>): void {
  const used = new Set(using)
  for (const note of Object.values(record.notes)) {
    if (note.media === undefined) return
    for (const name of note.media) used.add(name)
  }
  for (const name of Object.keys(record.media)) if (!used.has(name)) delete record.media[name]
  if (record.mediaFiles === undefined) return
  for (const name of Object.keys(record.mediaFiles)) {
    if (!used.has(name)) delete record.mediaFiles[name]
  }
}
