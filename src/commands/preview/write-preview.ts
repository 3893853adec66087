/**
 * `decklab preview` as a function: load and render the notes as the build
 * does (without writing IDs back), render every card through the notetype
 * templates and write a static site: `index.html`, the notetype CSS, the
 * page's CSS and script, and the media under their package names.
 */

import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { notetypeFor } from '../../anki/notetypes.js'
import { type Diagnostic, hasErrors } from '../../diagnostics/diagnostic.js'
import { DecklabError } from '../../errors.js'
import { isNoSuchFile } from '../../fs/no-such-file.js'
import { NotRegularFileError, readRegularText, unreadableReason } from '../../fs/regular-file.js'
import { type SignalTurns, signalTurns, throwIfInterrupted } from '../../interrupt.js'
import { type HashedMedia, rereadMedia } from '../../media/read-media.js'
import type { LabCatalog } from '../../model/lab-catalog.js'
import type { Note } from '../../model/note.js'
import type { LoadVaultOptions, Vault } from '../../notes/load-vault.js'
import { warnNoNotes } from '../../notes/no-notes.js'
import { hasMath, mathAssetFiles } from '../../preview/math-assets.js'
import { pageAssets, previewPageParts } from '../../preview/page-html.js'
import { pageScript } from '../../preview/page-script.js'
import { pageCss } from '../../preview/page-style.js'
import {
  type CardVerdictMark,
  type PreviewCard,
  previewCards,
} from '../../preview/preview-cards.js'
import { parseVerifyReport, verdictLookup } from '../../preview/verify-report.js'
import type { RenderedNote } from '../../render/render-note.js'
import { programName } from '../../text/program-name.js'
import { relativeTo } from '../../text/relative-path.js'
import { utf8Chunks } from '../../text/utf8-chunks.js'
import { withoutCustomTypes } from '../build/custom-type-notes.js'
import { hashNamedMedia } from '../build/named-media.js'
import { notetypeCss } from '../build/notetype-css.js'
import {
  abandonFolder,
  claimNames,
  lockPreviewFolder,
  openPreviewFolder,
  settleFolder,
  writeFileInto,
} from './preview-folder.js'

/** The default output folder, relative to the working directory. */
export const defaultPreviewDirectory = join('dist', 'preview')

export interface PreviewOptions {
  cwd: string
  paths: string[]
  /** Output folder; default `dist/preview`. */
  output?: string | undefined
  /** `--deck`: every note in this deck, as `build --deck` packages them. */
  deck?: string | undefined
  /** A `decklab verify --json` report to mark the cards with. */
  verifyReport?: string | undefined
  /** SIGINT/SIGTERM: stop before the next write (`InterruptedError`); every write is atomic. */
  signal?: AbortSignal | undefined
  /** Told once, when another preview writes into the folder, who it is, before waiting for it. */
  onWait?: ((holder: string) => void) | undefined
}

export interface PreviewDependencies {
  loadVault(options: LoadVaultOptions): Promise<Vault>
  renderNote(note: Note): RenderedNote
  /** Lab id → check names, for validating `Lab:` links as the build does. */
  labCatalog?: (() => Promise<LabCatalog>) | undefined
}

export interface PreviewResult {
  /** The output folder, relative to cwd when inside it. */
  output: string
  /** The page, relative to cwd when inside it. */
  index: string
  notes: number
  cards: number
  media: number
  diagnostics: Diagnostic[]
  /** Time to load, render and write everything. */
  durationMs: number
  /** False when there was nothing to show and no page before: nothing was written. */
  written: boolean
}

/** No notes to show: the result of writing nothing. */
function noPage(shown: string, diagnostics: Diagnostic[], started: number): PreviewResult {
  const durationMs = performance.now() - started
  return {
    output: shown,
    index: '',
    notes: 0,
    cards: 0,
    media: 0,
    diagnostics,
    durationMs,
    written: false,
  }
}

async function readVerdicts(cwd: string, path: string): Promise<(note: Note) => CardVerdictMark> {
  let text: string
  try {
    text = await readRegularText(resolve(cwd, path))
  } catch (error) {
    // A report missing or unreadable is the world's, not the argument's (no usage line).
    throw new DecklabError(
      isNoSuchFile(error)
        ? 'path-not-found'
        : error instanceof NotRegularFileError
          ? 'not-regular-file'
          : 'unreadable-file',
      `Unexpected error reading the verify report \`${path}\`: ${unreadableReason(error)}, expected the file \`${programName()} verify --json\` wrote`,
    )
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new DecklabError(
      'malformed-verify-report',
      `Unexpected text in \`${path}\`, expected the JSON of \`${programName()} verify --json\``,
    )
  }
  const report = parseVerifyReport(value)
  if ('problem' in report) {
    throw new DecklabError(
      'malformed-verify-report',
      `Unexpected verify report \`${path}\`: ${report.problem}`,
    )
  }
  return verdictLookup(report.cards, { failuresOnly: report.failuresOnly })
}

/**
 * Render every note and its cards through the notetype templates, adding the
 * diagnostics. Both are synchronous: signals are let in now and then, and
 * one stops the run here (`InterruptedError`).
 */
async function renderCards(
  notes: readonly Note[],
  dependencies: Pick<PreviewDependencies, 'renderNote'>,
  verdictFor: ((note: Note) => CardVerdictMark) | undefined,
  diagnostics: Diagnostic[],
  turns: SignalTurns,
): Promise<{ media: HashedMedia[]; cards: PreviewCard[]; math: boolean }> {
  const results: RenderedNote[] = []
  for (const note of notes) {
    if (turns.due()) await turns.turn()
    const result = dependencies.renderNote(note)
    results.push(result)
    for (const diagnostic of result.diagnostics) diagnostics.push(diagnostic)
  }
  // Named by their bytes, as the package names them; hashed, not kept: each is read again as it is
  // copied, so one file at a time is held.
  const named = await hashNamedMedia(results, notes, diagnostics)
  const cards: PreviewCard[] = []
  let math = false
  for (const [index, note] of notes.entries()) {
    if (turns.due()) await turns.turn()
    const { fields } = named.rendered[index] as RenderedNote
    for (const card of previewCards([{ note, fields, verdict: verdictFor?.(note) }], notetypeFor)) {
      cards.push(card)
      math ||= hasMath(card.question) || hasMath(card.answer)
    }
  }
  return { media: named.media.entries, cards, math }
}

/** `chunks` as they come, the event loop given a turn now and then (`InterruptedError` once a signal fired). */
async function* withSignalTurns(
  chunks: Iterable<Uint8Array>,
  turns: SignalTurns,
): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) {
    if (turns.due()) await turns.turn()
    yield chunk
  }
  await turns.turn()
}

/** Build the preview site. Problems in the notes come back as diagnostics; the page is written anyway. */
export async function writePreview(
  options: PreviewOptions,
  dependencies: PreviewDependencies,
): Promise<PreviewResult> {
  const started = performance.now()
  const cwd = resolve(options.cwd)
  const directory = resolve(cwd, options.output ?? defaultPreviewDirectory)
  const shown = relativeTo(cwd, directory)
  const verdictFor = options.verifyReport
    ? await readVerdicts(cwd, options.verifyReport)
    : undefined
  // Refused early, before the notes are read; looked at again under the folder's lock.
  let folder = await openPreviewFolder(directory, shown)

  const labs = dependencies.labCatalog ? await dependencies.labCatalog() : undefined
  const vault = await dependencies.loadVault({
    cwd,
    paths: options.paths,
    deck: options.deck,
    labs,
    signal: options.signal,
  })
  // Notes of the user's own types are left out with a warning: decklab has no templates for them.
  const shownNotes = withoutCustomTypes(vault.notes, 'preview')
  const diagnostics = [...vault.diagnostics, ...shownNotes.diagnostics]
  const notes = shownNotes.notes
  // An empty page is said as check and build say an empty deck (notes left out for their type are said already).
  if (notes.length === 0 && shownNotes.diagnostics.length === 0 && !hasErrors(diagnostics)) {
    warnNoNotes(cwd, options.paths, diagnostics)
    // No page here before: none is made (nor `dist/`) in a folder typed by mistake.
    if (folder.previous.length === 0) return noPage(shown, diagnostics, started)
  }

  const turns = signalTurns(options.signal)
  const { media, cards, math } = await renderCards(
    notes,
    dependencies,
    verdictFor,
    diagnostics,
    turns,
  )

  const mathFiles = math ? mathAssetFiles() : []
  const site = [...Object.values(pageAssets), ...mathFiles.map(({ name }) => name), 'index.html']
  let copied = 0
  // Nothing is written yet: a signal by now leaves the folder as it was.
  await turns.turn()
  const release = await lockPreviewFolder(directory, shown, options)
  try {
    // What is there now: another run may have written since the look above.
    folder = await openPreviewFolder(directory, shown)
    await claimNames(folder, [...site, ...media.map((entry) => entry.name)])
    const written: string[] = []
    for (const entry of media) {
      if (turns.due()) await turns.turn()
      // Read here, written apart: a read error is the note's problem, a write error the folder's.
      const data = await rereadMedia(entry, diagnostics)
      if (data === undefined) continue
      throwIfInterrupted(options.signal)
      await writeFileInto(folder, entry.name, data)
      written.push(entry.name)
      copied++
    }
    for (const { name, source } of mathFiles) {
      const data = await readFile(source)
      throwIfInterrupted(options.signal)
      await writeFileInto(folder, name, data)
    }
    for (const [name, text] of [
      [pageAssets.notetypeCss, notetypeCss],
      [pageAssets.pageCss, pageCss],
      [pageAssets.script, pageScript],
    ] as const) {
      throwIfInterrupted(options.signal)
      await writeFileInto(folder, name, text)
    }
    // After the media: their diagnostics are listed on the page.
    await turns.turn()
    const parts = previewPageParts({
      cards,
      notes: notes.length,
      diagnostics,
      verified: verdictFor !== undefined,
      math,
    })
    // The page last (every file goes by rename): a browser never sees half a page. Written as it is
    // made, and that takes a while: a signal meanwhile keeps the page there was.
    await writeFileInto(folder, 'index.html', withSignalTurns(utf8Chunks(parts), turns))
    await settleFolder(folder, [...written, ...site])
  } catch (error) {
    abandonFolder(folder)
    throw error
  } finally {
    release()
  }

  return {
    output: shown,
    index: relativeTo(cwd, join(directory, 'index.html')),
    notes: notes.length,
    cards: cards.length,
    media: copied,
    diagnostics,
    durationMs: performance.now() - started,
    written: true,
  }
}
