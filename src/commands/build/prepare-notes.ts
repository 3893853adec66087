/**
 * The part of a build that finds problems: load and check the notes, plan
 * the missing IDs, render every note and read its media. `decklab check`
 * runs exactly this, and `decklab build` runs it before writing anything,
 * so the two report the same diagnostics by construction.
 */

import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { type Diagnostic, hasErrors } from '../../diagnostics/diagnostic.js'
import { createNoteReporter } from '../../diagnostics/reporter.js'
import { idClock } from '../../ids/id-clock.js'
import { type IdPlan, planIdWriteBack, type WritableSource } from '../../ids/plan.js'
import { idEditRefusals } from '../../ids/write-back.js'
import { signalTurns } from '../../interrupt.js'
import type { ReadMediaResult, RenderedMedia } from '../../media/read-media.js'
import { cardOrds } from '../../model/cards.js'
import type { IdentifiedNote } from '../../model/identity.js'
import type { LabCatalog } from '../../model/lab-catalog.js'
import type { Note } from '../../model/note.js'
import { warnNoNotes } from '../../notes/no-notes.js'
import { pluginSyncWarnings } from '../../notes/plugin-vault.js'
import { recordFolder } from '../../rebuild/build-state.js'
import type { MediaLookup } from '../../rebuild/media-lookups.js'
import { programName } from '../../text/program-name.js'
import { withoutCustomTypes } from './custom-type-notes.js'
import { checkRestOfVaults } from './duplicate-ids-elsewhere.js'
import { hashNamedMedia, readNamedMedia } from './named-media.js'
import { noteCards } from './note-cards.js'
import { defaultOutputPath } from './output-path.js'
import { isPartialBuild } from './partial-build.js'
import type { RecordOf } from './restore-ids.js'
import { syncedBySyncWarnings } from './synced-by-sync.js'

/** What the vault loader gives (the parser's `loadVault`). */
export interface LoadedVault {
  notes: Note[]
  diagnostics: Diagnostic[]
  files: Array<WritableSource & { vaultRoot: string; mtimeMs?: number | undefined }>
}

/** What rendering one note gives (the renderer's `renderNote`). */
export interface RenderedNote {
  fields: Record<string, string>
  media: readonly RenderedMedia[]
  /** What decided where its media links resolved, for the build record. */
  lookups?: readonly MediaLookup[] | undefined
  diagnostics: readonly Diagnostic[]
}

export interface PrepareDependencies {
  loadVault(options: {
    cwd: string
    paths: string[]
    deck?: string | undefined
    labs?: LabCatalog | undefined
    signal?: AbortSignal | undefined
  }): Promise<LoadedVault>
  /**
   * The renderer for `notes`, loaded only when something must be rendered (an
   * unchanged vault skips it); it may load only what these notes need.
   */
  loadRenderer(notes: readonly Note[]): Promise<(note: Note) => RenderedNote>
}

export interface PrepareOptions {
  cwd: string
  paths: string[]
  deck?: string | undefined
  /** A note without an ID is an error. */
  frozen?: boolean | undefined
  now: Date
  labs?: LabCatalog | undefined
  /** SIGINT/SIGTERM: loading stops with `InterruptedError`. */
  signal?: AbortSignal | undefined
  /**
   * The record of the package built: a note that lost its ID line takes
   * back the ID it had there (`restore-ids.ts`). None: every note without an ID gets a new one.
   */
  recordOf?: RecordOf | undefined
  /** Whether the IDs planned are written (a build, not a dry run): the restore warnings say so. */
  writesIds?: boolean | undefined
  /** The state directory, whose sync records say which notes `decklab sync` keeps in an Anki. */
  stateDirectory?: string | undefined
}

/** An ID that was (or, with `--dry-run`, would be) written. */
export interface IdWrite {
  file: string
  line: number
  id: number
  /** Written `ID: N`, not `<!--ID: N-->` (the vault's "ID Comments" off). */
  bare?: boolean | undefined
  /** The ID the note had at the last build, given back (`id-restored`), not a new one. */
  restored?: boolean | undefined
}

export interface PreparedNotes {
  vault: LoadedVault
  /** The notes of a known note type, in vault order, each with its ID (its own or the one planned for it) and GUID. */
  notes: IdentifiedNote[]
  plan: IdPlan
  ids: IdWrite[]
  /** Added to by `renderPrepared`. */
  diagnostics: Diagnostic[]
  /**
   * The warnings `id-restored` of the notes that take back the ID the record
   * has them under, apart: said by the build that writes the IDs, not recorded.
   */
  restored: Diagnostic[]
  /**
   * A partial build's: every ID written in the rest of its vaults (after a
   * `DELETE` marker too), which no note that lost its ID line takes back.
   */
  usedElsewhere?: ReadonlySet<number> | undefined
}

/** Load the notes, check them and plan their missing IDs. */
export async function prepareNotes(
  options: PrepareOptions,
  dependencies: PrepareDependencies,
): Promise<PreparedNotes> {
  const vault = await dependencies.loadVault({
    cwd: options.cwd,
    paths: options.paths,
    deck: options.deck,
    labs: options.labs,
    signal: options.signal,
  })
  // A vault the Obsidian_to_Anki plugin, or `decklab sync`, synced belongs to `decklab sync`:
  // say so in check and build alike.
  const diagnostics = [
    ...vault.diagnostics,
    ...(await pluginSyncWarnings(vault.files, vault.notes, options.cwd)),
    ...(await syncedBySyncWarnings(vault.files, vault.notes, options.stateDirectory, options.cwd)),
  ]
  const packable = withoutCustomTypes(vault.notes)
  const notes = packable.notes
  diagnostics.push(...packable.diagnostics)
  // Notes left out for their type are said already.
  if (notes.length === 0 && packable.diagnostics.length === 0 && !hasErrors(diagnostics)) {
    warnNoNotes(options.cwd, options.paths, diagnostics)
  }
  if (options.frozen) {
    for (const note of notes) {
      if (note.id !== null) continue
      createNoteReporter(note, diagnostics).error(
        'missing-id',
        'Unexpected note without an `<!--ID: N-->` line, expected every note to have one with `--frozen`',
        {
          hint: `Run \`${programName()} build\` without \`--frozen\` to write the missing IDs, and commit them.`,
        },
      )
    }
  }
  // Part of a vault: its IDs must not be in the rest of it, and new IDs step past those there.
  const elsewhere = isPartialBuild(options.cwd, options.paths, vault.files)
    ? await checkRestOfVaults(
        vault,
        (path) =>
          dependencies.loadVault({ cwd: options.cwd, paths: [path], signal: options.signal }),
        { cwd: options.cwd, needIds: notes.some((note) => note.id === null) },
      )
    : undefined
  if (elsewhere) diagnostics.push(...elsewhere.diagnostics)
  const restore = await restoreLostIds(notes, vault, elsewhere?.used, options)
  const plan = planIdWriteBack(
    notes,
    vault.files,
    idClock(notes, vault.files, options.now),
    elsewhere?.used,
    restore.restored,
  )
  // Notes the build could not write its IDs into: reported by check and --dry-run alike.
  if (!options.frozen) diagnostics.push(...idEditRefusals(plan.edits))
  const given = new Set(restore.restored.values())
  const ids = plan.added.map(
    (note): IdWrite => ({
      file: note.source.file,
      line: note.source.line,
      id: note.id,
      ...(note.source.bareId ? { bare: true } : {}),
      ...(given.has(note.id) ? { restored: true } : {}),
    }),
  )
  return {
    vault,
    notes: plan.notes,
    plan,
    ids,
    diagnostics,
    restored: restore.warnings,
    usedElsewhere: elsewhere?.used,
  }
}

/**
 * The notes without an ID that take back the ID the record has them under
 * (see restore-ids.ts, loaded only when a note lacks its ID and there is a
 * record to read); none with `--frozen`, which writes no ID.
 */
async function restoreLostIds(
  notes: readonly Note[],
  vault: Parameters<typeof import('./restore-ids.js').restoredIds>[1],
  usedElsewhere: Iterable<number> | undefined,
  options: PrepareOptions,
): Promise<{ restored: Map<Note, number>; warnings: Diagnostic[] }> {
  const { recordOf } = options
  if (options.frozen || recordOf === undefined || notes.every((note) => note.id !== null)) {
    return { restored: new Map(), warnings: [] }
  }
  const { restoredIds } = await import('./restore-ids.js')
  return restoredIds(notes, vault, usedElsewhere ?? [], {
    recordOf,
    writes: options.writesIds === true,
    cwd: options.cwd,
  })
}

export interface RenderedNotes {
  rendered: RenderedNote[]
  media: ReadMediaResult
}

/** Render every note and read its media, adding their diagnostics to `prepared`. */
export async function renderPrepared(
  prepared: PreparedNotes,
  dependencies: PrepareDependencies,
  options: RenderOptions = {},
): Promise<RenderedNotes> {
  return renderWithMedia(prepared.notes, dependencies, prepared.diagnostics, options)
}

export interface RenderOptions {
  /** Called as notes are rendered (for a progress bar). */
  onProgress?: ((done: number, total: number) => void) | undefined
  /** SIGINT/SIGTERM: rendering stops with `InterruptedError`. */
  signal?: AbortSignal | undefined
}

/**
 * Render `notes` and read their media, adding every diagnostic to
 * `diagnostics`: the one render step of build, check and sync. Each media
 * file is read once and named by its bytes (`packageMediaName`); the
 * rendered fields and media lists come back under those names.
 */
export async function renderWithMedia(
  notes: readonly Note[],
  dependencies: Pick<PrepareDependencies, 'loadRenderer'>,
  diagnostics: Diagnostic[],
  options: RenderOptions = {},
): Promise<RenderedNotes> {
  const rendered = await renderAll(notes, dependencies, diagnostics, options)
  // The fields name each media file by its bytes, as the package does.
  return readNamedMedia(rendered, notes, diagnostics)
}

/** Render every note, adding its diagnostics; signals are let in now and then. */
async function renderAll(
  notes: readonly Note[],
  dependencies: Pick<PrepareDependencies, 'loadRenderer'>,
  diagnostics: Diagnostic[],
  { onProgress, signal }: RenderOptions,
): Promise<RenderedNote[]> {
  const renderNote = await dependencies.loadRenderer(notes)
  const rendered: RenderedNote[] = []
  // Rendering a big vault takes seconds: Ctrl-C must not wait for the last note.
  const turns = signalTurns(signal)
  for (const [index, note] of notes.entries()) {
    if (turns.due()) await turns.turn()
    const result = renderNote(note)
    rendered.push(result)
    diagnostics.push(...result.diagnostics)
    onProgress?.(index + 1, notes.length)
  }
  return rendered
}

/**
 * Everything `decklab build --dry-run` would report, without writing or
 * packaging anything: what `decklab check` runs.
 */
export async function checkNotes<V extends LoadedVault>(
  options: Omit<PrepareOptions, 'frozen'> & Pick<RenderOptions, 'onProgress'>,
  dependencies: PrepareDependencies & {
    loadVault(...args: Parameters<PrepareDependencies['loadVault']>): Promise<V>
    /**
     * A renderer of every field of `notes`, for the notes whose cards the
     * last build's record is compared with. Always given: `loadRenderer`
     * may leave fields out (`check`'s does), and cards counted from those
     * would be lost cards that are not.
     */
    loadCardRenderer: PrepareDependencies['loadRenderer']
  },
): Promise<{
  vault: V
  diagnostics: Diagnostic[]
  removed: number[]
  /** A note's cards (ordinals) as the package has them; none for a note of the user's own type. */
  cards: (note: Note) => number[]
  /** The size of each media file the package would hold. */
  mediaSizes: number[]
}> {
  // What a build into the default package would take back from its record (only when one is
  // there), read once for that and for the record's report below.
  const records = existsSync(recordFolder(join(options.cwd, 'dist')))
    ? await import('./previous-state.js')
    : undefined
  const readOwn = records?.readOwnRecordOnce()
  const recordOf = records?.recordOfOutput(
    options,
    (decks, partial) => defaultOutputPath(options.cwd, decks, partial),
    readOwn,
  )
  const prepared = await prepareNotes({ ...options, recordOf }, dependencies)
  // Named as the build names them (the same diagnostics), but check ships no media: hashed, not kept.
  const { rendered, media } = await hashNamedMedia(
    await renderAll(prepared.notes, dependencies, prepared.diagnostics, {
      signal: options.signal,
      onProgress: options.onProgress,
    }),
    prepared.notes,
    prepared.diagnostics,
  )
  // Said where `build --dry-run` says them: after the notes' own warnings.
  prepared.diagnostics.push(...prepared.restored)
  const vault = prepared.vault as V
  const cardsOf = await preparedCards(prepared.notes, rendered, dependencies.loadCardRenderer)
  // The vault's notes are the prepared ones, but those without an ID are copies with it.
  const byPlace = new Map(prepared.notes.map((note) => [note.source, note]))
  const cards = (note: Note) => {
    const identified = byPlace.get(note.source)
    return identified === undefined ? cardOrds(note) : cardsOf(identified)
  }
  // What `build` adds from the last build's record: said by `--dry-run`, so by `check` too. Read
  // only when the folder of records beside the default package (`dist/`) is there.
  const mediaSizes = media.entries.map((entry) => entry.size)
  if (records === undefined) {
    return { vault, diagnostics: prepared.diagnostics, removed: [], cards, mediaSizes }
  }
  const { recordReport } = await import('./record-report.js')
  const record = await recordReport(prepared, options, cardsOf, readOwn)
  prepared.diagnostics.push(...record.diagnostics)
  return { vault, diagnostics: prepared.diagnostics, removed: record.removed, cards, mediaSizes }
}

/**
 * The cards of `notes` as `build` makes them, from the fields rendered when
 * there are any (`check` leaves out the fields of the notes it does not
 * render), else from the Markdown or by rendering (`note-cards.ts`).
 */
function preparedCards(
  notes: readonly IdentifiedNote[],
  rendered: readonly RenderedNote[],
  loadRenderer: PrepareDependencies['loadRenderer'],
): Promise<(note: IdentifiedNote) => number[]> {
  const fieldsOf = new Map<Note, RenderedNote['fields']>()
  for (const [index, note] of notes.entries()) {
    const fields = rendered[index]!.fields
    if (Object.keys(fields).length > 0) fieldsOf.set(note, fields)
  }
  return noteCards(notes, { rendered: (note) => fieldsOf.get(note), loadRenderer })
}
