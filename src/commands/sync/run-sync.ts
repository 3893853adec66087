/**
 * `decklab sync` as a function: prepare the vault, read what Anki has,
 * plan, and apply the plan in batches, saving the sync record after every
 * step that changed Anki. The order keeps an interruption harmless: new
 * notes are added with decklab's pending tag while the record says a sync is
 * under way, so the next run finds them instead of adding them twice.
 */
import { existsSync } from 'node:fs'
import { resolve, sep } from 'node:path'
import { statKey } from '../../build/quick-check.js'
import {
  compareStrings,
  createDiagnostic,
  type Diagnostic,
  hasErrors,
  noteDiagnostic,
  sortDiagnostics,
} from '../../diagnostics/diagnostic.js'
import { UsageError } from '../../errors.js'
import type { IdAssignment } from '../../ids/id-edits.js'
import type { Note } from '../../model/note.js'
import { labFieldName } from '../../render/lab-footer.js'
import {
  type ActionReply,
  type AnkiAction,
  type AnkiConnect,
  createAnkiConnect,
} from '../../sync/anki-connect.js'
import {
  chunks,
  compareNote,
  type DesiredNote,
  fieldsForModel,
  isChange,
  mediaToStore,
  type NoteChange,
  triage,
} from '../../sync/plan.js'
import {
  readSyncRecord,
  type SyncRecord,
  syncRecordPath,
  writeSyncRecord,
} from '../../sync/sync-record.js'
import { ensureModels } from './models.js'
import {
  type LoadedNotes,
  loadNotes,
  type PrepareDependencies,
  renderNotes,
  type SyncMedia,
  sourceHash,
} from './prepare.js'
import { allNoteIds, minimumApiVersion, readNotes } from './read-anki.js'
import { createIdWriter, type IdWriter } from './write-ids.js'

/** The tag new notes carry until their IDs are in the notes. */
export const pendingTag = 'decklab-sync-pending'

/** Notes per `multi` request when adding, and actions per request when updating. */
const addBatch = 250
/** `addNote` batches in flight at once. */
const addConcurrency = 4
const actionBatch = 500
/** Media bytes per `multi` request (base64 grows them by a third). */
const mediaBatchBytes = 4 * 1024 * 1024

export interface SyncOptions {
  cwd: string
  paths: string[]
  url: URL
  dryRun: boolean
  stateDirectory: string
  now: Date
  signal?: AbortSignal | undefined
}

/** A note named in the result: where it is and its Anki id. */
export interface NoteRef {
  file: string
  line: number
  id: number | null
}

export interface SyncResult {
  url: string
  dryRun: boolean
  record: string
  added: Array<NoteRef & { deck: string; previousId: number | null }>
  updated: NoteRef[]
  moved: Array<NoteRef & { deck: string; cards: number }>
  deleted: Array<{ id: number; file: string; reason: string }>
  media: string[]
  createdNoteTypes: string[]
  /** Notes an interrupted sync had added, now found and given their IDs. */
  recovered: number
  unchanged: number
  requests: number
  writes: number
  diagnostics: Diagnostic[]
}

function ref(desired: DesiredNote, id: number | null = desired.id): NoteRef {
  return { file: desired.note.source.file, line: desired.note.source.line, id }
}

function emptyResult(options: SyncOptions, diagnostics: Diagnostic[]): SyncResult {
  return {
    url: options.url.href,
    dryRun: options.dryRun,
    record: '',
    added: [],
    updated: [],
    moved: [],
    deleted: [],
    media: [],
    createdNoteTypes: [],
    recovered: 0,
    unchanged: 0,
    requests: 0,
    writes: 0,
    diagnostics: sortDiagnostics(diagnostics),
  }
}

/** Run a sync. Problems with notes come back as diagnostics; Anki unreachable is a `UsageError`. */
export async function runSync(
  options: SyncOptions,
  dependencies: PrepareDependencies,
): Promise<SyncResult> {
  const loaded = await loadNotes(options, dependencies)
  if (hasErrors(loaded.diagnostics)) return emptyResult(options, loaded.diagnostics)
  const anki = createAnkiConnect(options.url, options.signal)
  const version = await anki.call<number>('version')
  if (typeof version !== 'number' || version < minimumApiVersion) {
    throw new UsageError(
      `Unexpected AnkiConnect API version ${String(version)} at ${anki.url}, expected ${minimumApiVersion} or later`,
    )
  }
  return new SyncRun(options, loaded, dependencies, anki).run()
}

/** One sync's state while it runs. */
class SyncRun {
  readonly diagnostics: Diagnostic[]
  readonly result: SyncResult
  readonly ids: IdWriter
  /** Notes Anki refused this time: not recorded as synced. */
  readonly rejected = new Set<DesiredNote>()
  /** Notes that link labs but whose Anki note type has no `Lab` field. */
  readonly labsDropped: DesiredNote[] = []
  record!: SyncRecord
  recordPath = ''
  media: SyncMedia[] = []

  constructor(
    readonly options: SyncOptions,
    readonly loaded: LoadedNotes,
    readonly dependencies: PrepareDependencies,
    readonly anki: AnkiConnect,
  ) {
    this.diagnostics = [...loaded.diagnostics]
    this.result = emptyResult(options, [])
    this.ids = createIdWriter(loaded.files, options.dryRun)
  }

  async save(): Promise<void> {
    if (!this.options.dryRun) await writeSyncRecord(this.recordPath, this.record)
  }

  async run(): Promise<SyncResult> {
    const { options, loaded, anki } = this
    const vaults = [...new Set(loaded.files.map((file) => file.vaultRoot))].sort()
    this.recordPath = syncRecordPath(options.stateDirectory, anki.url, vaults)
    const read = await readSyncRecord(this.recordPath, anki.url, vaults, options.now)
    this.record = read.record
    if (read.kind === 'damaged') {
      this.diagnostics.push(
        createDiagnostic(
          read.keptAs,
          1,
          1,
          'warning',
          'sync-record-damaged',
          'Unexpected damaged sync record, expected JSON: it was kept under this name and the sync starts afresh (nothing is deleted this time)',
        ),
      )
    }
    const ankiIds = await allNoteIds(anki)
    let desired = await this.desiredNotes(ankiIds)
    if (hasErrors(this.diagnostics)) return this.finish()
    const pendingToClear = new Set<number>()
    if (this.record.pending) desired = await this.recover(desired, ankiIds, pendingToClear)

    const scannedFiles = new Set(loaded.files.map((file) => file.absolutePath))
    const scopes = options.paths.length > 0 ? options.paths : ['notes']
    const roots = scopes.map((path) => resolve(options.cwd, path))
    const plan = triage({
      desired,
      ankiIds,
      record: this.record,
      markers: loaded.markers,
      scannedFiles,
      fileRemoved: (file) =>
        !existsSync(file) && roots.some((root) => file === root || file.startsWith(root + sep)),
    })
    for (const marker of plan.refusedDeletes) {
      this.diagnostics.push(
        createDiagnostic(
          marker.file,
          marker.line,
          1,
          'warning',
          'delete-not-synced',
          `Unexpected \`DELETE\` of note ${marker.id}, which decklab never synced, expected a note decklab synced: it is left in Anki`,
          'decklab deletes only notes it synced before; delete this note in Anki yourself, then remove the block',
        ),
      )
    }

    const checked = await readNotes(
      anki,
      plan.check.map((entry) => entry.id as number),
    )
    const byId = new Map(checked.map((note) => [note.id, note]))
    const changes: NoteChange[] = []
    for (const entry of plan.check) {
      const note = byId.get(entry.id as number)
      if (note) changes.push(compareNote(entry, note, labFieldName, [pendingTag]))
    }
    for (const change of changes) if (change.labDropped) this.labsDropped.push(change.desired)
    const writes = changes.filter(isChange)
    const media = mediaToStore(this.media, this.record)
    const noteTypes = new Set(plan.add.map((entry) => entry.note.noteType))
    const models = await ensureModels(anki, noteTypes, { dryRun: options.dryRun })
    this.result.createdNoteTypes = models.created

    this.result.unchanged = plan.unchanged.length + changes.length - writes.length
    this.result.media = media
    for (const change of writes) {
      if (change.fields || change.addTags.length > 0 || change.removeTags.length > 0) {
        this.result.updated.push(ref(change.desired))
      }
      if (change.moveCards.length > 0) {
        this.result.moved.push({
          ...ref(change.desired),
          deck: change.desired.deck,
          cards: change.moveCards.length,
        })
      }
    }
    this.result.deleted = plan.delete.map((entry) => ({
      id: entry.id,
      file: relative(options.cwd, entry.file),
      reason: entry.reason,
    }))

    if (options.dryRun) {
      this.result.added = plan.add.map((entry) => ({
        ...ref(entry, null),
        deck: entry.deck,
        previousId: entry.id,
      }))
      return this.finish()
    }

    await this.storeMedia(media)
    await this.ensureDecks([
      ...plan.add.map((entry) => entry.deck),
      ...writes
        .filter((change) => change.moveCards.length > 0)
        .map((change) => change.desired.deck),
    ])
    const unwritten = await this.add(plan.add, models.models, models.failed, pendingToClear)
    await this.update(writes)
    for (const entry of [...plan.unchanged, ...changes.map((change) => change.desired)]) {
      if (!this.rejected.has(entry)) this.remember(entry, entry.id as number)
    }
    this.rememberMediaFiles()
    await this.save()
    if (plan.delete.length > 0) {
      await anki.call('deleteNotes', { notes: plan.delete.map((entry) => entry.id) })
      for (const entry of plan.delete) delete this.record.notes[String(entry.id)]
      await this.save()
    }
    if (pendingToClear.size > 0) {
      await anki.call('removeTags', { notes: [...pendingToClear], tags: pendingTag })
    }
    // Forget notes that are gone from Anki and the vault (deleted in Anki by hand).
    const inVault = new Set([
      ...desired.map((entry) => entry.id),
      ...this.result.added.map((entry) => entry.id),
    ])
    for (const key of Object.keys(this.record.notes)) {
      const id = Number(key)
      if (!inVault.has(id) && !ankiIds.has(id)) delete this.record.notes[key]
    }
    this.record.pending = unwritten > 0
    await this.save()
    return this.finish()
  }

  finish(): SyncResult {
    this.warnDroppedLabs()
    this.result.added.sort((a, b) => compareStrings(a.file, b.file) || a.line - b.line)
    this.result.record = this.recordPath
    this.result.requests = this.anki.counts.requests
    this.result.writes = this.anki.counts.writes
    this.result.diagnostics = sortDiagnostics(this.diagnostics)
    return this.result
  }

  remember(entry: DesiredNote, id: number): void {
    this.record.notes[String(id)] = {
      hash: entry.hash,
      deck: entry.deck,
      file: entry.note.source.absolutePath,
      source: sourceHash(entry.note),
      media: entry.media,
    }
  }

  /** The media files whose content Anki has, with their metadata now (to skip them next time). */
  rememberMediaFiles(): void {
    const files = { ...this.record.mediaFiles }
    for (const entry of this.media) {
      if (this.record.media[entry.name] === entry.hash) {
        files[entry.name] = { path: entry.sourcePath, stat: statKey(entry.sourcePath) }
      }
    }
    this.record.mediaFiles = files
  }

  /**
   * The vault's notes for Anki. A note in Anki whose Markdown and media files
   * are as last synced is taken from the record without rendering; the rest
   * are rendered (with their media read and hashed).
   */
  async desiredNotes(ankiIds: ReadonlySet<number>): Promise<DesiredNote[]> {
    const skipped = new Map<Note, DesiredNote>()
    const render: Note[] = []
    for (const note of this.loaded.notes) {
      const synced = note.id === null ? undefined : this.record.notes[String(note.id)]
      const same =
        synced !== undefined &&
        ankiIds.has(note.id as number) &&
        synced.source === sourceHash(note) &&
        (synced.media ?? []).every((name) => {
          const file = this.record.mediaFiles?.[name]
          return file !== undefined && statKey(file.path) === file.stat
        })
      if (synced && same) {
        skipped.set(note, {
          note,
          id: note.id,
          fields: {},
          tags: note.tags,
          deck: note.deck,
          media: synced.media ?? [],
          hash: synced.hash,
        })
      } else render.push(note)
    }
    const rendered = await renderNotes(render, this.dependencies)
    this.diagnostics.push(...rendered.diagnostics)
    this.media = rendered.media
    const byNote = new Map(rendered.desired.map((entry) => [entry.note, entry]))
    return this.loaded.notes.map((note) => (skipped.get(note) ?? byNote.get(note)) as DesiredNote)
  }

  /**
   * Finish what an interrupted sync left: notes it added (they carry the
   * pending tag) are matched with the vault's notes that still lack their
   * Anki id, by content, and get those ids; the rest were never written
   * into a note and are deleted (decklab created them a moment before).
   */
  async recover(
    desired: DesiredNote[],
    ankiIds: Set<number>,
    pendingToClear: Set<number>,
  ): Promise<DesiredNote[]> {
    const { anki } = this
    const pendingIds = await anki.call<number[]>('findNotes', { query: `tag:${pendingTag}` })
    if (pendingIds.length === 0) return desired
    const pendingNotes = await readNotes(anki, pendingIds)
    const vaultIds = new Set(desired.map((entry) => entry.id))
    const taken = new Set<DesiredNote>()
    const adoptions: IdAssignment[] = []
    const adopted = new Map<DesiredNote, number>()
    const orphans: number[] = []
    for (const pending of pendingNotes) {
      if (vaultIds.has(pending.id)) {
        pendingToClear.add(pending.id)
        continue
      }
      const match = desired.find(
        (entry) =>
          !taken.has(entry) &&
          (entry.id === null || !ankiIds.has(entry.id)) &&
          compareNote(entry, pending, labFieldName, [pendingTag]).fields === null,
      )
      if (!match) {
        orphans.push(pending.id)
        continue
      }
      taken.add(match)
      adoptions.push({ note: match.note, id: pending.id })
      adopted.set(match, pending.id)
    }
    if (this.options.dryRun) {
      this.result.recovered = adoptions.length
      return desired.map((entry) => {
        const id = adopted.get(entry)
        return id === undefined ? entry : { ...entry, id }
      })
    }
    const { written, diagnostics } = await this.ids.write(adoptions)
    this.diagnostics.push(...diagnostics)
    const writtenIds = new Map(written.map((assignment) => [assignment.note, assignment.id]))
    for (const id of writtenIds.values()) pendingToClear.add(id)
    if (orphans.length > 0) {
      await anki.call('deleteNotes', { notes: orphans })
      for (const id of orphans) ankiIds.delete(id)
    }
    this.result.recovered = written.length
    return desired.map((entry) => {
      const id = writtenIds.get(entry.note)
      return id === undefined ? entry : { ...entry, id }
    })
  }

  async storeMedia(names: readonly string[]): Promise<void> {
    const byName = new Map(this.media.map((entry) => [entry.name, entry]))
    let batch: AnkiAction[] = []
    let batchNames: string[] = []
    let size = 0
    const flush = async () => {
      if (batch.length === 0) return
      const replies = await this.anki.multi(batch)
      replies.forEach((reply, index) => {
        const name = batchNames[index] as string
        if (reply.ok) this.record.media[name] = byName.get(name)?.hash ?? ''
        else {
          this.diagnostics.push(
            createDiagnostic(
              name,
              1,
              1,
              'error',
              'anki-rejected',
              `Unexpected refusal to store media \`${name}\`: ${reply.error}, expected Anki to store it`,
            ),
          )
        }
      })
      await this.save()
      batch = []
      batchNames = []
      size = 0
    }
    for (const name of names) {
      const entry = byName.get(name)
      if (!entry) continue
      if (size > 0 && size + entry.data.length > mediaBatchBytes) await flush()
      batch.push({
        action: 'storeMediaFile',
        params: { filename: name, data: Buffer.from(entry.data).toString('base64') },
      })
      batchNames.push(name)
      size += entry.data.length
    }
    await flush()
  }

  async ensureDecks(decks: readonly string[]): Promise<void> {
    const wanted = [...new Set(decks)]
    if (wanted.length === 0) return
    const existing = new Set(await this.anki.call<string[]>('deckNames'))
    const missing = wanted.filter((deck) => !existing.has(deck)).sort()
    await this.anki.multi(missing.map((deck) => ({ action: 'createDeck', params: { deck } })))
  }

  /** Add the new notes batch by batch; returns how many were added but could not get their ID written. */
  async add(
    entries: readonly DesiredNote[],
    models: ReadonlyMap<string, { modelName: string; fields: readonly string[] }>,
    failedModels: ReadonlyMap<string, string>,
    pendingToClear: Set<number>,
  ): Promise<number> {
    let unwritten = 0
    const addable: DesiredNote[] = []
    for (const entry of entries) {
      const model = models.get(entry.note.noteType)
      if (model) addable.push(entry)
      else
        this.reject(entry, failedModels.get(entry.note.noteType) ?? 'no note type to add it with')
    }
    if (addable.length === 0) return 0
    this.record.pending = true
    await this.save()
    // A few batches in flight at once: AnkiConnect reads each connection in small slices
    // per tick, so parallel connections add up. Their replies are handled one at a time.
    const batches = chunks(addable, addBatch)
    let next = 0
    let settled: Promise<void> = Promise.resolve()
    const worker = async () => {
      while (next < batches.length) {
        const batch = batches[next++] as DesiredNote[]
        const replies = await this.anki.multi(batch.map((entry) => this.addAction(entry, models)))
        const handled = settled.then(() => this.added(batch, replies, pendingToClear))
        settled = handled.then(
          (count) => {
            unwritten += count
          },
          () => undefined,
        )
        await handled
      }
    }
    await Promise.all(Array.from({ length: Math.min(addConcurrency, batches.length) }, worker))
    await settled
    return unwritten
  }

  addAction(
    entry: DesiredNote,
    models: ReadonlyMap<string, { modelName: string; fields: readonly string[] }>,
  ): AnkiAction {
    const model = models.get(entry.note.noteType) as { modelName: string; fields: string[] }
    if ((entry.fields[labFieldName] ?? '') !== '' && !model.fields.includes(labFieldName)) {
      this.labsDropped.push(entry)
    }
    return {
      action: 'addNote',
      params: {
        note: {
          deckName: entry.deck,
          modelName: model.modelName,
          fields: fieldsForModel(entry.fields, model.fields, labFieldName),
          tags: [...entry.tags, pendingTag],
          options: { allowDuplicate: false },
        },
      },
    }
  }

  /** One batch's replies: write the IDs Anki gave, record the notes; returns how many IDs could not be written. */
  async added(
    batch: readonly DesiredNote[],
    replies: readonly ActionReply[],
    pendingToClear: Set<number>,
  ): Promise<number> {
    const assignments: IdAssignment[] = []
    const added = new Map<IdAssignment, DesiredNote>()
    replies.forEach((reply, index) => {
      const entry = batch[index] as DesiredNote
      if (!reply.ok || typeof reply.result !== 'number') {
        this.reject(entry, reply.ok ? 'no note id in the reply' : reply.error)
        return
      }
      const assignment = { note: entry.note, id: reply.result }
      assignments.push(assignment)
      added.set(assignment, entry)
    })
    const { written, diagnostics } = await this.ids.write(assignments)
    this.diagnostics.push(...diagnostics)
    for (const assignment of written) {
      const entry = added.get(assignment) as DesiredNote
      this.remember(entry, assignment.id)
      pendingToClear.add(assignment.id)
      this.result.added.push({
        ...ref(entry, assignment.id),
        deck: entry.deck,
        previousId: entry.id,
      })
    }
    await this.save()
    return assignments.length - written.length
  }

  async update(changes: readonly NoteChange[]): Promise<void> {
    const actions: Array<{ action: AnkiAction; change: NoteChange | undefined }> = []
    const tagGroups = new Map<string, number[]>()
    const moveGroups = new Map<string, number[]>()
    for (const change of changes) {
      if (change.fields) {
        actions.push({
          action: {
            action: 'updateNoteFields',
            params: { note: { id: change.id, fields: change.fields } },
          },
          change,
        })
      }
      if (change.addTags.length > 0) {
        const key = `add\0${change.addTags.join(' ')}`
        tagGroups.set(key, [...(tagGroups.get(key) ?? []), change.id])
      }
      if (change.removeTags.length > 0) {
        const key = `remove\0${change.removeTags.join(' ')}`
        tagGroups.set(key, [...(tagGroups.get(key) ?? []), change.id])
      }
      if (change.moveCards.length > 0) {
        moveGroups.set(change.desired.deck, [
          ...(moveGroups.get(change.desired.deck) ?? []),
          ...change.moveCards,
        ])
      }
    }
    for (const [key, notes] of tagGroups) {
      const [kind, tags] = key.split('\0') as [string, string]
      actions.push({
        action: { action: kind === 'add' ? 'addTags' : 'removeTags', params: { notes, tags } },
        change: undefined,
      })
    }
    for (const [deck, cards] of moveGroups) {
      actions.push({ action: { action: 'changeDeck', params: { cards, deck } }, change: undefined })
    }
    for (const batch of chunks(actions, actionBatch)) {
      const replies = await this.anki.multi(batch.map((entry) => entry.action))
      replies.forEach((reply, index) => {
        if (reply.ok) return
        const { action, change } = batch[index] as (typeof batch)[number]
        if (change) this.reject(change.desired, reply.error)
        else {
          throw new UsageError(`AnkiConnect refused \`${action.action}\`: ${reply.error}`)
        }
      })
    }
  }

  reject(entry: DesiredNote, reason: string): void {
    this.rejected.add(entry)
    this.diagnostics.push(
      noteDiagnostic(
        entry.note,
        'error',
        'anki-rejected',
        `Unexpected refusal from Anki: ${reason}, expected Anki to take the note`,
        'Fix the note (a duplicate first field is the usual cause) and sync again; the other notes were synced.',
      ),
    )
  }

  warnDroppedLabs(): void {
    const dropped = this.labsDropped
    const first = dropped[0]
    if (!first) return
    this.diagnostics.push(
      noteDiagnostic(
        first.note,
        'warning',
        'lab-field-missing',
        `Unexpected note type without a \`${labFieldName}\` field in Anki for ${dropped.length} notes that link labs, expected one: their lab links are left out (never put in an answer field)`,
        "decklab's note types (`Basic (decklab)`, …) have the field; notes already in Anki keep their note type and review history, and new notes get the stock type when Anki cannot create decklab's.",
      ),
    )
  }
}

function relative(cwd: string, path: string): string {
  return path.startsWith(cwd + sep) ? path.slice(cwd.length + 1) : path
}
