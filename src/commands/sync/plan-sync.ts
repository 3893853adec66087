/**
 * Plan a sync: sort the vault's notes by what they need (by the record),
 * compare the ones that may have changed with Anki's copies, and pick the
 * media Anki lacks. `DELETE` markers on notes decklab never synced are
 * reported and left alone.
 */
import { lstatSync } from 'node:fs'
import { createReporter } from '../../diagnostics/reporter.js'
import { isNoSuchFile } from '../../fs/no-such-file.js'
import { type IdPlace, idPlaces } from '../../ids/allocate.js'
import { idNotInCardWarning } from '../../ids/id-not-in-card.js'
import { shellWord } from '../../labs/serve-banner.js'
import { labFieldName } from '../../model/note-types.js'
import { isUnderRoots, notePathRoots, notePaths } from '../../notes/vault-root.js'
import { isMassRemoval } from '../../sync/mass-removal.js'
import { pendingTag } from '../../sync/pending-tag.js'
import {
  compareNote,
  type DesiredNote,
  isChange,
  mediaToStore,
  type NoteChange,
  noteTypeMismatch,
  type Triage,
  triage,
} from '../../sync/plan.js'
import { notesOfOtherVaults, type OtherVaultNote } from '../../sync/sync-record.js'
import { programName } from '../../text/program-name.js'
import { relativeTo } from '../../text/relative-path.js'
import { filesHoldingIds, idsElsewhereInVaults } from '../build/ids-elsewhere.js'
import { holdNotesMovedFromUnreadFiles } from './moved-from-unread-files.js'
import { holdRemovalsMovedOut } from './moved-out-of-paths.js'
import { holdRemovalsMovedWithoutId } from './moved-without-id.js'
import { expectedModel, reportMismatch } from './note-type-mismatch.js'
import { leaveAsThePluginWould } from './plugin-unchanged.js'
import { readNotes } from './read-anki.js'
import { checkRecordedTypes, holdUnverifiedRemovals } from './recorded-types.js'
import { mediaAnkiMayTake } from './store-media.js'
import type { SyncSession } from './sync-session.js'
import { fieldsHidingTagSpaces } from './tag-spaces.js'

export interface SyncPlan {
  triage: Triage
  /** The notes compared with Anki's copies, changed or not. */
  changes: NoteChange[]
  /** The changes that write anything. */
  writes: NoteChange[]
  /** Notes whose ID names an Anki note of another type: the sync stops before writing. */
  mismatched: DesiredNote[]
  /** Names of the media to store. */
  media: string[]
}

export async function planSync(
  session: SyncSession,
  desired: readonly DesiredNote[],
  ankiIds: ReadonlySet<number>,
): Promise<SyncPlan> {
  const { options, loaded } = session
  // What the vault loader read: the same default (the vault you stand in, else notes/, else here).
  const roots = notePathRoots(options.cwd, options.paths)
  const inScope = (file: string) => isUnderRoots(file, roots)
  const plan = triage({
    desired,
    ankiIds,
    record: session.record,
    markers: loaded.markers,
    scannedFiles: new Set(loaded.files.map((file) => file.absolutePath)),
    fileRemoved: (file) => inScope(file) && isGone(file),
  })
  keepIdsStillInFiles(session, plan)
  await keepNotesElsewhere(session, plan)
  await keepNotesOfOtherVaults(session, plan)
  await holdRemovalsMovedOut(session, plan)
  await holdRemovalsMovedWithoutId(session, plan)
  await holdNotesMovedFromUnreadFiles(session, plan)
  await keepMarkedNotesInUse(session, plan, desired)
  holdUnverifiedRemovals(session, plan)
  planOrphans(session, plan)
  holdMassRemoval(session, plan, ankiIds, inScope)
  const unverified = await checkRecordedTypes(session, plan)
  for (const marker of plan.refusedDeletes) {
    const reporter = createReporter(marker.file, session.diagnostics)
    if (!ankiIds.has(marker.id)) {
      // Deleted by an earlier sync (which then forgot it), or in Anki: nothing left to do.
      reporter.warning(
        'delete-done',
        `Unexpected \`DELETE\` of note ${marker.id}, which Anki does not have (deleted already), expected a note in Anki: there is nothing left to delete`,
        {
          place: { line: marker.line, column: 1 },
          // A marker in its block's place is taken out by the sync that deletes its note.
          hint: marker.standalone
            ? 'Remove the `DELETE` line and its ID line.'
            : 'Remove the block (a sync leaves a `DELETE` inside a block, whose text would go with it).',
        },
      )
      continue
    }
    reporter.warning(
      'delete-not-synced',
      `Unexpected \`DELETE\` of note ${marker.id}, which decklab never synced, expected a note decklab synced: it is left in Anki`,
      {
        place: { line: marker.line, column: 1 },
        hint: 'decklab deletes only notes it synced before; delete this note in Anki yourself, then remove the block',
      },
    )
  }
  const compared = await compareWithAnki(session, plan.check)
  const mismatched = compared.mismatched
  // Notes the plugin would not touch (their file unchanged since its last sync): left as Anki has them.
  const changes = await leaveAsThePluginWould(session, compared.changes)
  for (const change of changes) if (change.labDropped) session.labsDropped.push(change.desired)
  return {
    triage: plan,
    changes,
    writes: changes.filter(isChange),
    mismatched: [...unverified, ...mismatched],
    media: await mediaAnkiMayTake(session, mediaToStore(session.media, session.record)),
  }
}

/**
 * The notes a sync's files are in scope for: the files it read, and
 * recorded files gone from within what it reads (their notes were removed).
 */
export function syncScope(session: SyncSession): (file: string) => boolean {
  const { options, loaded } = session
  const roots = notePathRoots(options.cwd, options.paths)
  const scanned = new Set(loaded.files.map((file) => file.absolutePath))
  return (file) => scanned.has(file) || (isUnderRoots(file, roots) && isGone(file))
}

/** The orphans of an interrupted sync that recovery found deletable, deleted like removals. */
function planOrphans(session: SyncSession, plan: Triage): void {
  if (session.orphans.length === 0) return
  const deleting = new Set(plan.delete.map((entry) => entry.id))
  for (const orphan of session.orphans) {
    if (deleting.has(orphan.id)) continue
    deleting.add(orphan.id)
    plan.delete.push({ id: orphan.id, reason: 'interrupted', file: orphan.file })
  }
  plan.delete.sort((a, b) => a.id - b.id)
}

/**
 * A note no longer read as a card whose ID is still written in a file this
 * sync read (its block indented, or its `START` line broken) is not
 * removed: it is kept in Anki, with a warning at that line.
 */
function keepIdsStillInFiles(session: SyncSession, plan: Triage): void {
  const removed = new Set(
    plan.delete.filter((entry) => entry.reason === 'removed').map((entry) => entry.id),
  )
  if (removed.size === 0) return
  const places = idPlaces(session.loaded.files)
  const kept = new Map<number, IdPlace>()
  for (const id of removed) {
    const place = places.get(id)
    if (place) kept.set(id, place)
  }
  if (kept.size === 0) return
  plan.delete = plan.delete.filter((entry) => entry.reason !== 'removed' || !kept.has(entry.id))
  for (const [id, place] of kept) {
    idNotInCardWarning(
      id,
      place,
      {
        outcome: 'it was not deleted from Anki',
        again: 'sync the note again',
        otherwise: 'deleted',
      },
      session.diagnostics,
    )
  }
}

/**
 * A note gone from what this sync read may live on in the rest of the vault
 * (its file moved out of the folder synced): its ID there keeps it in Anki.
 */
async function keepNotesElsewhere(session: SyncSession, plan: Triage): Promise<void> {
  if (!plan.delete.some((entry) => entry.reason === 'removed')) return
  const { files, vaultRoots } = session.loaded
  const elsewhere = await idsElsewhereInVaults(files, { vaultRoots })
  plan.delete = plan.delete.filter(
    (entry) => entry.reason !== 'removed' || !elsewhere.used.has(entry.id),
  )
}

/**
 * A note gone from this vault that another vault synced into the same Anki
 * has now is that vault's: deleting it would cost its review history, and
 * that vault would add it again. It is not deleted, and this vault's record
 * forgets it. That vault has it when its record lists the note from a file
 * that is there (its file moved to that vault, which synced first), or when
 * the note's ID is written in one of its files (moved there, not synced yet).
 */
async function keepNotesOfOtherVaults(session: SyncSession, plan: Triage): Promise<void> {
  const removed = plan.delete.filter((entry) => entry.reason === 'removed')
  if (removed.length === 0) return
  const others = await notesOfOtherVaults(session.options.stateDirectory, {
    url: session.record.url,
    path: session.recordPath,
    vaults: session.record.vaults,
  })
  const unlisted = removed.filter((entry) => !listedThere(others.notes.get(entry.id)))
  // Only vaults that exist: one moved or deleted since is no place a note can be.
  const written =
    unlisted.length === 0
      ? new Map<number, string>()
      : await filesHoldingIds(
          others.vaults.filter((vault) => !isGone(vault)),
          new Set(unlisted.map((entry) => entry.id)),
        )
  const kept = removed.flatMap((entry) => {
    const other = others.notes.get(entry.id)
    const file = listedThere(other) ? other.file : written.get(entry.id)
    return file === undefined ? [] : [{ entry, file }]
  })
  if (kept.length === 0) return
  const keptEntries = new Set(kept.map(({ entry }) => entry))
  plan.delete = plan.delete.filter((entry) => !keptEntries.has(entry))
  for (const { entry, file } of kept) {
    delete session.record.notes[String(entry.id)]
    createReporter(relativeTo(session.options.cwd, entry.file), session.diagnostics).warning(
      'note-in-other-vault',
      `Unexpected note ${entry.id} gone from this vault but in another vault synced into this Anki (${file}), expected a note removed for good: it was not deleted, and this vault no longer counts it as its own`,
      { hint: 'To delete the note, remove it from that vault and sync that vault.' },
    )
  }
}

/** An other vault's record lists the note from a file that is there. */
function listedThere(note: OtherVaultNote | undefined): note is OtherVaultNote {
  return note !== undefined && !isGone(note.file)
}

/**
 * A `DELETE` on an ID a card still holds (in a file read, or in the rest of
 * the vault) is not carried out: the note would go with its review history,
 * and the card would be added again under a new ID by the next sync. A
 * block copied to another file with its ID, and the original then marked
 * `DELETE`, looks like that. The marker gets a warning instead.
 */
async function keepMarkedNotesInUse(
  session: SyncSession,
  plan: Triage,
  desired: readonly DesiredNote[],
): Promise<void> {
  const marked = plan.delete.filter((entry) => entry.reason === 'delete-marker')
  if (marked.length === 0) return
  const cards = new Map(desired.map((entry) => [entry.id, entry.note.source.file]))
  const { files, vaultRoots } = session.loaded
  const elsewhere = (await idsElsewhereInVaults(files, { vaultRoots })).used
  const kept = marked.filter((entry) => cards.has(entry.id) || elsewhere.has(entry.id))
  if (kept.length === 0) return
  plan.delete = plan.delete.filter((entry) => !kept.includes(entry))
  for (const entry of kept) {
    const marker = session.loaded.markers.find((found) => found.id === entry.id)
    const where = cards.get(entry.id) ?? 'a note file this sync did not read'
    createReporter(marker?.file ?? entry.file, session.diagnostics).warning(
      'delete-in-use',
      `Unexpected \`DELETE\` of note ${entry.id}, whose ID a card still holds (${where}), expected an ID no card holds: it is left in Anki`,
      {
        place: { line: marker?.line ?? 1, column: 1 },
        hint: 'To delete the note, take out the card that holds the ID too (or its ID line, to add that card as a new note); to keep it, remove the `DELETE` block.',
      },
    )
  }
}

/**
 * Without `--allow-mass-delete`, keep a mass removal (see mass-removal.ts)
 * out of the plan, with an error that says how many and what to do.
 */
function holdMassRemoval(
  session: SyncSession,
  plan: Triage,
  ankiIds: ReadonlySet<number>,
  inScope: (file: string) => boolean,
): void {
  // `DELETE` blocks are asked for one by one; removals and an interrupted sync's orphans are not.
  const guarded = (entry: Triage['delete'][number]) => entry.reason !== 'delete-marker'
  const removed = plan.delete.filter(guarded)
  if (removed.length === 0 || session.options.allowMassDelete) return
  const orphans = removed.filter((entry) => entry.reason === 'interrupted').length
  const synced =
    orphans +
    Object.entries(session.record.notes).filter(
      ([id, note]) => ankiIds.has(Number(id)) && inScope(note.file),
    ).length
  if (!isMassRemoval(removed.length, synced)) return
  plan.delete = plan.delete.filter((entry) => !guarded(entry))
  const { cwd, paths } = session.options
  // The same paths: a sync of the whole vault would list, and delete, the rest's removals too.
  const again = [
    `${programName()} sync`,
    ...paths.map(shellWord),
    '--dry-run --allow-mass-delete',
  ].join(' ')
  createReporter(relativeTo(cwd, notePaths(cwd, paths)[0] ?? '.'), session.diagnostics).error(
    'mass-delete-held',
    `Unexpected removal of ${removed.length} of the ${synced} notes synced from here (their files are gone or their blocks taken out${orphans > 0 ? `; ${orphans} of them added by an interrupted sync and in no note now` : ''}), expected at most half: none of them was deleted from Anki`,
    {
      hint: `A folder moved, unmounted or checked out on another branch looks like this. \`${again}\` lists them; without --dry-run it deletes them (with their review history).`,
    },
  )
}

/**
 * Whether a file is surely gone: the system says there is no such file.
 * A file it cannot look at (a folder it may not read, a link loop) may
 * still be there, and its notes are not deleted from Anki.
 */
export function isGone(file: string): boolean {
  try {
    lstatSync(file)
    return false
  } catch (error) {
    return isNoSuchFile(error)
  }
}

/** What compareWithAnki found. */
export interface Comparison {
  /** What each note needs, by Anki's copy. */
  changes: NoteChange[]
  /** Notes whose ID names an Anki note of another type (`note-type-mismatch`): left alone. */
  mismatched: DesiredNote[]
}

/**
 * What each of these notes needs, by Anki's copy (a note Anki lost meanwhile
 * is left out). A note whose Anki copy is of another note type is reported
 * and left out too, and forgotten by the record: decklab never synced it as
 * it is, so it is never updated, moved, re-tagged or deleted for it.
 */
export async function compareWithAnki(
  session: SyncSession,
  check: readonly DesiredNote[],
): Promise<Comparison> {
  const ids = check.map((entry) => entry.id as number)
  const byId = new Map((await readNotes(session.anki, ids)).map((note) => [note.id, note]))
  const comparison: Comparison = { changes: [], mismatched: [] }
  for (const entry of check) {
    const note = byId.get(entry.id as number)
    if (!note) continue
    const mismatch = noteTypeMismatch(entry, note, expectedModel(entry.note))
    if (mismatch) {
      reportMismatch(session, entry, note.id, mismatch)
      delete session.record.notes[String(note.id)]
      comparison.mismatched.push(entry)
    } else {
      const synced = session.record.notes[String(note.id)]?.fields
      let change = compareNote(entry, note, labFieldName, [pendingTag], synced)
      // Only the spaces of a `#tag` the plugin took out: the same card, if its type shows none.
      if (change.tagSpacesOnly.length > 0) {
        const hiding = await fieldsHidingTagSpaces(session, note)
        change = compareNote(entry, note, labFieldName, [pendingTag], synced, hiding)
      }
      comparison.changes.push(change)
    }
  }
  return comparison
}
