/**
 * `decklab sync` as a function: prepare the vault, read what Anki has,
 * plan, and apply the plan in batches, saving the sync record after every
 * step that changed Anki. The order keeps an interruption harmless: new
 * notes are added with decklab's pending tag while the record says a sync is
 * under way, so the next run finds them instead of adding them twice.
 */
import { dirname } from 'node:path'
import { type Diagnostic, hasErrors } from '../../diagnostics/diagnostic.js'
import { DecklabError } from '../../errors.js'
import { changedSources, lockVaults } from '../../ids/vault-lock.js'
import { noteFileRefusals, removeStaleTemps } from '../../ids/write-back.js'
import { labFieldName } from '../../model/note-types.js'
import type { ModelChoice } from '../../sync/anki-actions.js'
import { type AnkiConnect, createAnkiConnect } from '../../sync/anki-connect.js'
import { losesLabLinks } from '../../sync/plan.js'
import { diagnosticsAsWritten } from '../build/as-written.js'
import { withModels } from './add-notes.js'
import { keepAnkiEdits } from './anki-edits.js'
import {
  applyPlan,
  holdRemovalsBesideRefusals,
  markersDeletedInAnki,
  removeMarkersDeletedInAnki,
} from './apply-plan.js'
import { confirmRemovals } from './confirm-removals.js'
import { desiredNotes } from './desired-notes.js'
import { foreseeRefusals } from './foresee-refusals.js'
import { ensureModels, warnTypesNotCreated } from './models.js'
import { planSync } from './plan-sync.js'
import { loadNotes, type PrepareDependencies } from './prepare.js'
import { allNoteIds, minimumApiVersion } from './read-anki.js'
import { reclaimRecordedIds } from './reclaim-ids.js'
import { recoverInterrupted } from './recover-interrupted.js'
import { lockSync } from './sync-lock.js'
import { addedRef, describePlan, emptyResult, type SyncResult } from './sync-result.js'
import { openSyncSession, type SyncOptions, type SyncSession } from './sync-session.js'
import { stoppedMidway } from './sync-stopped.js'

export type { SyncResult } from './sync-result.js'
export type { SyncOptions } from './sync-session.js'
export { SyncStopped } from './sync-stopped.js'

/** Run a sync. Problems with notes come back as diagnostics; Anki unreachable is a `DecklabError` (exit 2). */
export async function runSync(
  options: SyncOptions,
  dependencies: PrepareDependencies,
): Promise<SyncResult> {
  // Before the notes are read: another sync may be writing IDs into them.
  const release = options.dryRun
    ? () => undefined
    : lockSync(options.stateDirectory, options.url.href, options.cwd)
  // The answers to the question about removals, kept when the notes changed while it was asked.
  const answers = new Map<number, boolean>()
  const earlier: EarlierPasses = { requests: 0, writes: 0, diagnostics: [] }
  try {
    for (;;) {
      try {
        const result = await syncOnce(options, dependencies, answers, earlier)
        result.requests += earlier.requests
        result.writes += earlier.writes
        return result
      } catch (error) {
        if (!(error instanceof NotesChangedWhileAsking)) throw error
        // Nothing changed in Anki yet: read the notes again, and plan again.
      }
    }
  } finally {
    release()
  }
}

/**
 * The notes changed while the sync asked about removals, without the vault
 * lock: the plan was made from notes that are no longer so (a build wrote
 * its IDs, a note was edited in Obsidian), and the sync starts over.
 */
class NotesChangedWhileAsking extends Error {}

/**
 * What the passes that started over did and the next does not do again:
 * their requests, and the IDs they wrote back (`id-restored`: the next
 * pass finds them written), said in the result of the last.
 */
interface EarlierPasses {
  requests: number
  writes: number
  diagnostics: Diagnostic[]
}

/** Keep what `session`, about to start over, did (see EarlierPasses). */
function keepEarlierPass(session: SyncSession, earlier: EarlierPasses): void {
  earlier.requests += session.anki.counts.requests
  earlier.writes += session.anki.counts.writes
  const restored = session.diagnostics.filter((diagnostic) => diagnostic.code === 'id-restored')
  earlier.diagnostics.push(...diagnosticsAsWritten(restored, session.ids.writtenEdits()))
}

/** One pass over the notes: read, lock, plan and apply (see runSync). */
async function syncOnce(
  options: SyncOptions,
  dependencies: PrepareDependencies,
  answers: Map<number, boolean>,
  earlier: EarlierPasses,
): Promise<SyncResult> {
  let releaseVaults = () => {}
  try {
    options.onProgress?.('reading notes…')
    let loaded = await loadNotes(options, dependencies)
    if (!options.dryRun)
      ({ loaded, release: releaseVaults } = await lockVaultsRead(options, dependencies, loaded))
    if (hasErrors(loaded.diagnostics)) return emptyResult(options, loaded.diagnostics)
    // Temp copies of notes a killed sync or build left (only decklab's, only stale ones).
    if (!options.dryRun) {
      await removeStaleTemps(loaded.files.map((file) => dirname(file.absolutePath)))
    }
    const anki = createAnkiConnect(options.url, {
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      onSlow: options.onSlowAnki,
    })
    options.onProgress?.(`asking Anki at ${options.url.href}…`)
    await expectApiVersion(anki)
    const session = await openSyncSession(options, loaded, dependencies, anki, answers)
    session.diagnostics.push(...earlier.diagnostics)
    // A person may take a while to answer: a build run meanwhile is not kept waiting for the
    // vault lock. Taken again after the answer; notes changed meanwhile start the sync over.
    session.whileAsking = async (ask, stillSo) => {
      releaseVaults()
      releaseVaults = () => {}
      await ask()
      releaseVaults = await lockVaults(
        loaded.files.map((file) => file.vaultRoot),
        vaultLockOptions(options),
      )
      if (!stillSo() || (await session.ids.changedOnDisk(options.signal)).length > 0) {
        keepEarlierPass(session, earlier)
        throw new NotesChangedWhileAsking()
      }
    }
    try {
      return await syncSession(session)
    } catch (error) {
      throw stoppedMidway(session, error)
    }
  } finally {
    releaseVaults()
  }
}

/** How a sync takes the vault lock. */
function vaultLockOptions(options: SyncOptions): Parameters<typeof lockVaults>[1] {
  return {
    signal: options.signal,
    command: 'decklab sync',
    unlockable: 'skip',
    onWait: options.onLockWait,
  }
}

/**
 * Hold the vault lock (`.decklab.lock`, which build takes to write its IDs)
 * for the rest of the sync. Without it, a build run meanwhile handed out IDs
 * past those it had read while Anki gave the notes this sync added IDs of the
 * same moments, and the vault ended with two notes under one ID. With it, a
 * build waits, then finds the notes changed and reads them again. Notes that
 * changed between this sync's read and the lock (a build wrote its IDs) are
 * read again here.
 */
async function lockVaultsRead(
  options: SyncOptions,
  dependencies: PrepareDependencies,
  loaded: Awaited<ReturnType<typeof loadNotes>>,
): Promise<{ loaded: Awaited<ReturnType<typeof loadNotes>>; release: () => void }> {
  for (;;) {
    const release = await lockVaults(
      loaded.files.map((file) => file.vaultRoot),
      vaultLockOptions(options),
    )
    try {
      if ((await changedSources(loaded.files, options.signal)).length === 0)
        return { loaded, release }
    } catch (error) {
      release()
      throw error
    }
    release()
    loaded = await loadNotes(options, dependencies)
  }
}

async function expectApiVersion(anki: AnkiConnect): Promise<void> {
  const version = await anki.call<number>('version')
  if (typeof version !== 'number' || version < minimumApiVersion) {
    throw new DecklabError(
      'anki-version',
      `Unexpected AnkiConnect API version ${String(version)} at ${anki.url}, expected ${minimumApiVersion} or later`,
    )
  }
}

/** Read, plan, and (unless a dry run) apply; the result says what was (or would be) done. */
async function syncSession(session: SyncSession): Promise<SyncResult> {
  const { options, anki, result } = session
  const ankiIds = await allNoteIds(anki)
  let desired = await desiredNotes(session, ankiIds)
  if (hasErrors(session.diagnostics)) return session.finish()
  // Without a record, notes an interrupted sync added (on another machine, say) are looked for
  // too: else those whose IDs never reached the notes were added again, refused as duplicates.
  if (session.record.pending || session.withoutRecord) {
    desired = await recoverInterrupted(session, desired, ankiIds)
  }
  desired = await reclaimRecordedIds(session, desired, ankiIds)
  const plan = await planSync(session, desired, ankiIds)
  // An ID naming a note of another type: the Markdown or the ID is wrong, as with an error
  // in the notes nothing is stored, added, updated or deleted (only the record forgets it).
  if (plan.mismatched.length > 0) {
    await session.save()
    return session.finish()
  }
  // A note to add whose file cannot take the ID Anki gives it (read-only, a folder decklab may
  // not write in): said before anything is added, as build says it before writing.
  const refused = noteFileRefusals(plan.triage.add.map((entry) => entry.note.source))
  if (refused.length > 0) {
    session.diagnostics.push(...refused)
    return session.finish()
  }
  // Asked before the first change in Anki (a note type made counts).
  if (!options.dryRun) await confirmRemovals(session, plan.triage)
  const noteTypes = new Set(plan.triage.add.map((entry) => entry.note.noteType))
  const translations = new Map(
    plan.triage.add.flatMap(({ note }) =>
      note.localized ? [[note.noteType, note.localized]] : [],
    ),
  )
  const models = await ensureModels(anki, noteTypes, { dryRun: options.dryRun, translations })
  result.createdNoteTypes = models.created
  warnTypesNotCreated(models, plan.triage.add, session.diagnostics)
  result.media = plan.media
  describePlan(result, plan.triage, plan.changes, plan.writes, options.cwd)
  if (options.dryRun) {
    const addable = withModels(session, plan.triage.add, models.models, models.failed)
    const { triage } = plan
    const taken = await foreseeRefusals(
      session,
      addable,
      models.models,
      models.existing,
      triage.delete,
      plan.writes,
    )
    result.added = taken.map((entry) => addedRef(entry, null))
    // Added as the stock type (decklab's would not be created): their lab links are left out.
    for (const entry of taken) {
      const model = models.models.get(entry.note.noteType) as ModelChoice
      if (losesLabLinks(entry, model.fields, labFieldName)) session.labsDropped.push(entry)
    }
    // A removal beside a refused note waits for it, as in the sync.
    holdRemovalsBesideRefusals(session, triage)
    keepAnkiEdits(session, plan.writes)
    await removeMarkersDeletedInAnki(session, markersDeletedInAnki(session, ankiIds))
  } else {
    await applyPlan(session, plan, models, desired, ankiIds)
  }
  return session.finish()
}
