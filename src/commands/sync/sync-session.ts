/**
 * One sync's state while it runs: the AnkiConnect client, the sync record
 * (saved after every step that changed Anki), the writer of the IDs Anki
 * gives, the result and diagnostics so far, and the notes Anki refused.
 */
import { join } from 'node:path'
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import { createNoteReporter, createReporter } from '../../diagnostics/reporter.js'
import { DecklabError } from '../../errors.js'
import { collectUsedIds } from '../../ids/allocate.js'
import { labFieldName } from '../../model/note-types.js'
import {
  appendIdMoves,
  type IdMove,
  idMovesFileName,
  movesTakenBack,
  readIdMoves,
} from '../../quiz/id-moves.js'
import { createContentLinker } from '../../quiz/link-content-progress.js'
import { StateNotWritableError } from '../../quiz/state-errors.js'
import type { AnkiConnect } from '../../sync/anki-connect.js'
import type { DesiredNote } from '../../sync/plan.js'
import type { OwnOrphan } from '../../sync/recovery.js'
import {
  adoptLegacyRecord,
  legacySyncRecordPath,
  readSyncRecord,
  type SyncRecord,
  syncRecordPath,
  writeSyncRecord,
} from '../../sync/sync-record.js'
import { count } from '../../text/count.js'
import { relativeTo } from '../../text/relative-path.js'
import { diagnosticsAsWritten, linesAsWritten } from '../build/as-written.js'
import {
  type LoadedNotes,
  type PrepareDependencies,
  type SyncMedia,
  sourceHash,
} from './prepare.js'
import { emptyResult, placeNotes, type SyncResult, sortAdded } from './sync-result.js'
import { createIdWriter, type IdWriter } from './write-ids.js'

/** A note a sync would delete as removed, for the question. */
export interface Removal {
  id: number
  /** The file it was synced from, relative to the folder decklab runs in. */
  file: string
}

export interface SyncOptions {
  cwd: string
  paths: string[]
  url: URL
  dryRun: boolean
  /** Delete even when most synced notes are gone at once (see sync/mass-removal.ts). */
  allowMassDelete: boolean
  stateDirectory: string
  now: Date
  signal?: AbortSignal | undefined
  /** How long Anki may take over a request (`--timeout`; 0: for ever; default in `anki-connect.ts`). */
  timeoutMs?: number | undefined
  /** Told of a request Anki has not answered for a while, and how long it may still take (`anki-connect.ts`). */
  onSlowAnki?:
    | ((action: string, seconds: number, secondsLeft: number | undefined) => void)
    | undefined
  /** Told what the sync is doing now (`adding notes 250/3000`), for a terminal's status line. */
  onProgress?: ((status: string) => void) | undefined
  /** Told who holds the vault lock (a build writing IDs) before the sync waits for it. */
  onLockWait?: ((holder: string) => void) | undefined
  /**
   * Asked before notes removed from the vault are deleted from Anki (see
   * confirm-removals.ts): false keeps them. None (a script): deleted unasked.
   */
  confirmRemovals?: ((removals: readonly Removal[]) => Promise<boolean>) | undefined
}

/** The message of a note left out of a sync, by who refused it. */
const rejection = {
  anki: (reason: string) =>
    `Unexpected refusal from Anki: ${reason}, expected Anki to take the note`,
  foreseen: (reason: string) =>
    `Unexpected duplicate, which Anki would refuse: ${reason}, expected a first field no other note of its type has`,
  'note-type': (reason: string) =>
    `Unexpected note type for this note: ${reason}, expected a note type in Anki with every field the note fills; decklab did not send the note`,
  moved: (reason: string) =>
    `Unexpected new note ${reason}, expected a note of its own: decklab did not add it (added, it would be a copy of that note, and that note would be deleted with its review history)`,
}

export class SyncSession {
  readonly diagnostics: Diagnostic[]
  readonly result: SyncResult
  readonly ids: IdWriter
  /** Notes Anki refused this time: not recorded as synced. */
  readonly rejected = new Set<DesiredNote>()
  /**
   * New notes with the fields of a removed note synced from another file
   * (removals-in-the-way.ts), and that note: moved without its ID line.
   * Anki refuses them while that note is there, and its removal is held
   * beside them (`holdRemovalsBesideRefusals`) with its review history; of
   * another file, unedited, they are not sent (moved-without-id.ts, and
   * moved-from-unread-files.ts for a file a partial sync does not read).
   */
  readonly movedWithoutId = new Map<DesiredNote, { id: number; file: string }>()
  /** Notes that link labs but whose Anki note type has no `Lab` field. */
  readonly labsDropped: DesiredNote[] = []
  /** Notes whose pending tag can go: their IDs are in the Markdown. */
  readonly pendingToClear = new Set<number>()
  /** The media the rendered notes use. */
  media: SyncMedia[] = []
  /** Notes an interrupted sync of this vault added that are in no note: deleted with the removals. */
  readonly orphans: OwnOrphan[] = []
  /**
   * No record was read (none yet, another machine, a deleted state folder, a
   * damaged one): Anki may hold notes of an interrupted sync that no record
   * here says are pending.
   */
  withoutRecord = false
  /**
   * Runs the question about removals (confirm-removals.ts); run-sync.ts lets
   * the vault lock go meanwhile, and starts over when the notes changed, or
   * `stillSo` (asked once the lock is back) says the plan no longer holds.
   */
  whileAsking: (ask: () => Promise<void>, stillSo: () => boolean) => Promise<void> = (ask) => ask()

  constructor(
    readonly options: SyncOptions,
    readonly loaded: LoadedNotes,
    readonly dependencies: PrepareDependencies,
    readonly anki: AnkiConnect,
    readonly record: SyncRecord,
    readonly recordPath: string,
    /** Each note asked about, and whether its removal was accepted (kept across a start over). */
    readonly removalAnswers: Map<number, boolean> = new Map(),
  ) {
    this.diagnostics = [...loaded.diagnostics]
    this.result = emptyResult(options, [])
    this.ids = createIdWriter(
      loaded.files,
      options.dryRun,
      (moves) => recordIdMoves(options.stateDirectory, moves, options.now),
      createContentLinker(
        options.stateDirectory,
        options.cwd,
        options.now,
        // The IDs after `DELETE` markers too: such a note is gone, and the quiz leaves them out.
        // A partial sync's, those of the rest of the vault as well, which the quiz reads.
        new Set([
          ...collectUsedIds(loaded.files.map((file) => file.text)),
          ...loaded.notes.flatMap((note) => (note.id === null ? [] : [note.id])),
          ...(loaded.usedElsewhere ?? []),
        ]),
      ),
    )
  }

  /**
   * Take back the noted moves into these IDs, which are in no note file (the
   * notes an interrupted sync added and the next deletes): the sync that
   * noted them was killed before it wrote them, so their notes still have
   * the IDs they had, and keep their quiz progress. Never in a dry run.
   */
  takeBackMovesInto(unwritten: readonly number[]): void {
    if (this.options.dryRun || unwritten.length === 0) return
    const { stateDirectory, now } = this.options
    const path = join(stateDirectory, idMovesFileName)
    recordIdMoves(stateDirectory, movesTakenBack(readIdMoves(path), unwritten), now)
  }

  /** Save the record (never in a dry run). */
  async save(): Promise<void> {
    if (!this.options.dryRun) await writeSyncRecord(this.recordPath, this.record)
  }

  /**
   * Record a note as synced under this ID: one this sync added, or found in
   * Anki of the block's note type (compared, or checked by recorded-types.ts).
   */
  remember(entry: DesiredNote, id: number, fields?: string): void {
    // Not compared with Anki this time (unchanged): Anki's copy is as last recorded.
    const synced = fields ?? this.record.notes[String(id)]?.fields
    this.record.notes[String(id)] = {
      hash: entry.hash,
      deck: entry.deck,
      file: entry.note.source.absolutePath,
      source: sourceHash(entry.note),
      media: entry.media,
      typeChecked: true,
      ...(synced === undefined ? {} : { fields: synced }),
    }
  }

  /** The record keeps the note but does not vouch for it: the next sync compares it with Anki. */
  compareNextTime(id: number): void {
    const synced = this.record.notes[String(id)]
    if (synced !== undefined) synced.hash = ''
  }

  /**
   * A note Anki refused (`by: 'anki'`), would refuse (`'foreseen'`, in a dry
   * run), or decklab did not send, as Anki has no note type fit for it
   * (`'note-type'`): report it at the note (`hint` says what to do), and
   * leave it out of the record.
   */
  reject(
    entry: DesiredNote,
    reason: string,
    hint = 'Fix the note (a duplicate first field is the usual cause) and sync again; the other notes were synced.',
    by: 'anki' | 'foreseen' | 'note-type' | 'moved' = 'anki',
  ): void {
    this.rejected.add(entry)
    const moved = this.movedWithoutId.get(entry)
    createNoteReporter(entry.note, this.diagnostics).error('anki-rejected', rejection[by](reason), {
      hint:
        moved === undefined
          ? hint
          : `It has the fields of note ${moved.id}, synced from ${relativeTo(this.options.cwd, moved.file)} and gone from there: moved here without its ID line? Put \`<!--ID: ${moved.id}-->\` back as the block's last line to keep that note in Anki, with its review history; to add it as a new note instead, change its first field, or delete note ${moved.id} in Anki.`,
    })
  }

  /** The result, with the request counts and every diagnostic (sorted when printed). */
  finish(): SyncResult {
    this.warnDroppedLabs()
    sortAdded(this.result)
    this.result.record = this.recordPath
    this.result.requests = this.anki.counts.requests
    this.result.writes = this.anki.counts.writes
    // IDs written above a note move it down: said where the file has it now, as `check` says it.
    const edits = this.ids.writtenEdits()
    this.result.diagnostics = diagnosticsAsWritten(this.diagnostics, edits)
    placeNotes(this.result, (refs) => linesAsWritten(refs, edits))
    return this.result
  }

  private warnDroppedLabs(): void {
    const dropped = this.labsDropped
    const first = dropped[0]
    if (!first) return
    createNoteReporter(first.note, this.diagnostics).warning(
      'lab-field-missing',
      `Unexpected note type without a \`${labFieldName}\` field in Anki for ${count(dropped.length, 'note')} that ${dropped.length === 1 ? 'links' : 'link'} labs, expected one: their lab links are left out (never put in an answer field)`,
      {
        hint: "decklab's note types (`Basic (decklab)`, …) have the field; notes already in Anki keep their note type and review history, and new notes get the stock type when Anki cannot create decklab's.",
      },
    )
  }
}

/** Note the new IDs for the quiz; a state folder that cannot take them stops the sync (exit 2). */
function recordIdMoves(directory: string, moves: readonly IdMove[], now: Date): void {
  try {
    appendIdMoves(directory, moves, now)
  } catch (error) {
    if (!(error instanceof StateNotWritableError)) throw error
    const code = (error.cause as NodeJS.ErrnoException | undefined)?.code ?? 'error'
    throw new DecklabError(
      'state-not-writable',
      `Cannot record the new IDs of notes Anki did not have in ${error.path} (${code}), expected a writable state folder: their IDs were not written, and their quiz progress stays where it is. Make it writable (or choose another with --state) and sync again: the notes are in Anki and the next sync finds them.`,
      { cause: error },
    )
  }
}

/**
 * Start a session: read the sync record of these vaults and this Anki. A
 * damaged record is kept aside and reported; the sync starts afresh.
 */
export async function openSyncSession(
  options: SyncOptions,
  loaded: LoadedNotes,
  dependencies: PrepareDependencies,
  anki: AnkiConnect,
  removalAnswers?: Map<number, boolean> | undefined,
): Promise<SyncSession> {
  const vaults = loaded.vaultRoots
  const recordPath = syncRecordPath(options.stateDirectory, anki.url, vaults)
  const legacyPath = legacySyncRecordPath(options.stateDirectory, anki.url, vaults)
  const readPath = await adoptLegacyRecord(recordPath, legacyPath, { dryRun: options.dryRun })
  const read = await readSyncRecord(readPath, anki.url, vaults, options.now, {
    dryRun: options.dryRun,
  })
  const session = new SyncSession(
    options,
    loaded,
    dependencies,
    anki,
    read.record,
    recordPath,
    removalAnswers,
  )
  session.withoutRecord = read.kind !== 'ok'
  if (read.kind === 'damaged') {
    createReporter(read.keptAs ?? read.path, session.diagnostics).warning(
      'sync-record-damaged',
      read.keptAs === undefined
        ? 'Unexpected damaged sync record, expected one decklab wrote: a sync would keep it under another name and start afresh (nothing deleted); this dry run left it as it is'
        : 'Unexpected damaged sync record, expected one decklab wrote: it was kept under this name and the sync starts afresh (nothing is deleted this time)',
    )
  }
  return session
}
