/**
 * `decklab build` as a function: load the vault, render every note, write
 * missing IDs back, and write the package atomically. The loader, renderer
 * and lab catalog come in as arguments, so the pipeline depends only on
 * their contracts (and the renderer loads only when needed).
 */
import { createHash } from 'node:crypto'
import { stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { guidForNoteId } from '../anki/guid.js'
import { notetypeCss, notetypes } from '../anki/notetypes.js'
import { type ApkgNote, type ApkgSummary, writeApkg } from '../anki/package.js'
import {
  createDiagnostic,
  type Diagnostic,
  hasErrors,
  noteDiagnostic,
  sortDiagnostics,
} from '../diagnostics/diagnostic.js'
import { UsageError } from '../errors.js'
import { planIdWriteBack, type WritableSource } from '../ids/plan.js'
import { applyIdEdits } from '../ids/write-back.js'
import type { Note } from '../model/note.js'
import { findNoteType, type NoteTypeName } from '../model/note-types.js'
import { settingsRelativePath } from '../notes/settings.js'
import {
  type BuildState,
  type OutputRecord,
  readBuildState,
  stamp,
  writeBuildState,
} from './build-state.js'
import { notesFingerprint } from './fingerprint.js'
import { defaultOutputPath } from './output-path.js'
import {
  quickFingerprint,
  quickIndexPath,
  readQuickIndex,
  statKey,
  writeQuickIndex,
} from './quick-check.js'
import { type RenderedMedia, readMedia } from './read-media.js'
import { writeAtomically } from './write-output.js'

/** What the vault loader gives (the parser's `loadVault`). */
export interface LoadedVault {
  notes: Note[]
  diagnostics: Diagnostic[]
  files: Array<WritableSource & { vaultRoot: string }>
}

/** What rendering one note gives (the renderer's `renderNote`). */
export interface RenderedNote {
  fields: Record<string, string>
  media: readonly RenderedMedia[]
  diagnostics: readonly Diagnostic[]
}

export interface BuildDependencies {
  loadVault(options: {
    cwd: string
    paths: string[]
    deck?: string | undefined
    knownLabs?: ReadonlyMap<string, readonly string[]> | undefined
  }): Promise<LoadedVault>
  /** The renderer, loaded only when something must be rendered (an unchanged vault skips it). */
  loadRenderer(): Promise<(note: Note) => RenderedNote>
  /** Lab id → check names, for validating `Lab:` links. */
  knownLabs?: (() => Promise<ReadonlyMap<string, readonly string[]>>) | undefined
}

export interface BuildOptions {
  cwd: string
  paths: string[]
  /** Output file; default `dist/<root deck>.apkg`. */
  output?: string | undefined
  deck?: string | undefined
  /** Write nothing; a missing ID is an error. */
  frozen?: boolean | undefined
  /** Write nothing; report what would be written. */
  dryRun?: boolean | undefined
  now: Date
  /** Called as notes are rendered (for a progress bar). */
  onProgress?: ((done: number, total: number) => void) | undefined
}

/** An ID that was (or, with `--dry-run`, would be) written. */
export interface IdWrite {
  file: string
  line: number
  id: number
}

export interface BuildResult {
  /** Output path relative to cwd, or null when nothing could be built. */
  output: string | null
  /** True when the package file was written now. */
  written: boolean
  /** True when the inputs matched the last build and the package was kept. */
  unchanged: boolean
  notes: number
  cards: number
  media: number
  decks: string[]
  ids: IdWrite[]
  diagnostics: Diagnostic[]
}

function sha256(...parts: string[]): string {
  const hash = createHash('sha256')
  for (const part of parts) hash.update(part).update('\0')
  return hash.digest('hex')
}

function relativeTo(cwd: string, path: string): string {
  const absolute = resolve(cwd, path)
  return absolute.startsWith(`${cwd}/`) ? absolute.slice(cwd.length + 1) : absolute
}

function emptyResult(diagnostics: Diagnostic[], ids: IdWrite[] = []): BuildResult {
  return {
    output: null,
    written: false,
    unchanged: false,
    notes: 0,
    cards: 0,
    media: 0,
    decks: [],
    ids,
    diagnostics: sortDiagnostics(diagnostics),
  }
}

/** Run a build. Never throws for problems in the notes: they come back as diagnostics. */
export async function runBuild(
  options: BuildOptions,
  dependencies: BuildDependencies,
): Promise<BuildResult> {
  const knownLabs = dependencies.knownLabs ? await dependencies.knownLabs() : undefined
  // Nothing changed since the last build (by file metadata): keep the package, parse nothing.
  let quickHash = options.dryRun
    ? undefined
    : quickFingerprint({
        cwd: options.cwd,
        paths: options.paths,
        deck: options.deck,
        output: options.output,
        knownLabs,
      })
  const indexPath = quickIndexPath(options.cwd, options.output)
  if (quickHash) {
    const recorded = await readQuickIndex(indexPath, quickHash)
    if (recorded) {
      const state = await readBuildState(recorded)
      if (state.output?.quickHash === quickHash && (await isUnchanged(state, recorded))) {
        return unchangedResult(options.cwd, recorded, state.output)
      }
    }
  }

  const vault = await dependencies.loadVault({
    cwd: options.cwd,
    paths: options.paths,
    deck: options.deck,
    knownLabs,
  })
  const diagnostics = [...vault.diagnostics]
  if (hasErrors(diagnostics)) return emptyResult(diagnostics)

  const notes = vault.notes.filter((note) => findNoteType(note.noteType) !== undefined)
  if (notes.length === 0) {
    const where = options.paths.length > 0 ? options.paths.join(', ') : 'notes'
    diagnostics.push(
      createDiagnostic(
        options.paths[0] ?? 'notes',
        1,
        1,
        'warning',
        'no-notes',
        `Unexpected empty deck: no card blocks found in \`${where}\`, expected at least one note`,
        'Card blocks start with `START` and end with `END`; see the README for the note syntax.',
      ),
    )
  }
  const missing = notes.filter((note) => note.id === null)
  if (options.frozen && missing.length > 0) {
    for (const note of missing) {
      diagnostics.push(
        noteDiagnostic(
          note,
          'error',
          'missing-id',
          'Unexpected note without an `<!--ID: N-->` line, expected every note to have one with `--frozen`',
          'Run `decklab build` without `--frozen` to write the missing IDs, and commit them.',
        ),
      )
    }
    return emptyResult(diagnostics)
  }

  const plan = planIdWriteBack(notes, vault.files, options.now)
  const ids: IdWrite[] = [...plan.ids].map(([note, id]) => ({
    file: note.source.file,
    line: note.source.line,
    id,
  }))
  const noteIds = notes.map((note) => note.id ?? (plan.ids.get(note) as number))
  const output = resolve(
    options.cwd,
    options.output ??
      defaultOutputPath(
        options.cwd,
        notes.map((note) => note.deck),
      ),
  )
  const css = notetypeCss
  const nowSeconds = Math.floor(options.now.getTime() / 1000)
  const state = options.dryRun ? { version: 2 as const, notes: {} } : await readBuildState(output)

  // The notes are as last built (files were touched, not changed): keep the package.
  const inputHash = notesFingerprint(notes, noteIds, css)
  if (
    !options.dryRun &&
    plan.edits.length === 0 &&
    state.output?.inputHash === inputHash &&
    (await isUnchanged(state, output))
  ) {
    const record: OutputRecord = { ...state.output, quickHash }
    await writeBuildState(output, { ...state, output: record })
    if (quickHash) await writeQuickIndex(indexPath, quickHash, output)
    return unchangedResult(options.cwd, output, record)
  }

  // Render everything before touching any file, so a render error writes nothing.
  const renderNote = await dependencies.loadRenderer()
  const rendered: RenderedNote[] = []
  notes.forEach((note, index) => {
    const result = renderNote(note)
    rendered.push(result)
    diagnostics.push(...result.diagnostics)
    options.onProgress?.(index + 1, notes.length)
  })
  const media = await readMedia(rendered, notes, diagnostics)
  if (hasErrors(diagnostics)) return emptyResult(diagnostics)

  if (!options.dryRun) {
    const writeBack = await applyIdEdits(plan.edits)
    diagnostics.push(...writeBack.diagnostics)
    if (hasErrors(diagnostics)) return emptyResult(diagnostics, ids)
    // The notes now hold their IDs: fingerprint the files as the next build will see them.
    if (writeBack.written.length > 0) {
      quickHash = quickFingerprint({
        cwd: options.cwd,
        paths: options.paths,
        deck: options.deck,
        output: options.output,
        knownLabs,
      })
    }
  }

  const mediaHashes = new Map(media.entries.map((entry) => [entry.name, entry.hash]))
  const nextState: BuildState = { version: 2, notes: {} }
  const packageNotes: ApkgNote[] = notes.map((note, index) => {
    const id = noteIds[index] as number
    const guid = guidForNoteId(id)
    const result = rendered[index] as RenderedNote
    const contentHash = sha256(
      note.noteType,
      JSON.stringify(result.fields),
      note.tags.join(' '),
      note.deck,
      ...result.media.map((file) => `${file.name}:${mediaHashes.get(file.name) ?? ''}`),
    )
    const noteStamp = stamp(state.notes[guid], contentHash, nowSeconds)
    nextState.notes[guid] = noteStamp
    return {
      id,
      guid,
      noteType: note.noteType as NoteTypeName,
      fields: result.fields,
      tags: note.tags,
      deck: note.deck,
      mod: noteStamp.mod,
    }
  })
  const notetypeStamp = stamp(state.notetypes, sha256(JSON.stringify(notetypes), css), nowSeconds)
  nextState.notetypes = notetypeStamp

  const { bytes, summary } = await writeApkg(
    { notes: packageNotes, media: media.entries, css, notetypeMod: notetypeStamp.mod },
    { now: options.now },
  )
  const result: BuildResult = {
    output: relativeTo(options.cwd, output),
    written: false,
    unchanged: false,
    ...summary,
    ids,
    diagnostics: sortDiagnostics(diagnostics),
  }
  if (options.dryRun) return result

  try {
    await writeAtomically(output, bytes)
  } catch (error) {
    throw new UsageError(
      `Cannot write \`${relativeTo(options.cwd, output)}\`: ${(error as NodeJS.ErrnoException).code ?? String(error)}, expected a writable output folder`,
      { cause: error },
    )
  }
  const written = await stat(output)
  const files = { ...media.stats }
  for (const source of vault.files) {
    const settings = join(source.vaultRoot, settingsRelativePath)
    files[settings] ??= statKey(settings)
  }
  nextState.output = {
    inputHash,
    quickHash,
    size: written.size,
    mtimeMs: written.mtimeMs,
    files,
    warnings: result.diagnostics,
    summary: summaryRecord(summary),
  }
  await writeBuildState(output, nextState)
  if (quickHash) await writeQuickIndex(indexPath, quickHash, output)
  return { ...result, written: true }
}

function summaryRecord(summary: ApkgSummary): OutputRecord['summary'] {
  return { notes: summary.notes, cards: summary.cards, media: summary.media, decks: summary.decks }
}

/** The package is as the last build wrote it, and so is every other file that build read. */
async function isUnchanged(state: BuildState, output: string): Promise<boolean> {
  const record = state.output
  if (!record) return false
  try {
    const current = await stat(output)
    if (current.size !== record.size || current.mtimeMs !== record.mtimeMs) return false
  } catch {
    return false
  }
  return Object.entries(record.files).every(([path, recorded]) => statKey(path) === recorded)
}

function unchangedResult(cwd: string, output: string, record: OutputRecord): BuildResult {
  return {
    output: relativeTo(cwd, output),
    written: false,
    unchanged: true,
    ...record.summary,
    ids: [],
    // The inputs are those of the build that wrote the package: so are its warnings.
    diagnostics: sortDiagnostics(record.warnings),
  }
}
