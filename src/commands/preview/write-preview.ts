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
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import { UsageError } from '../../errors.js'
import { readRegularText, unreadableReason } from '../../fs/regular-file.js'
import { mediaByName, mediaTooLarge, mediaUnreadable } from '../../media/read-media.js'
import type { LabCatalog } from '../../model/lab-catalog.js'
import type { Note } from '../../model/note.js'
import { findNoteType } from '../../model/note-types.js'
import type { LoadVaultOptions, Vault } from '../../notes/load-vault.js'
import { hasMath, mathAssetFiles } from '../../preview/math-assets.js'
import { pageAssets, renderPreviewPage } from '../../preview/page-html.js'
import { pageScript } from '../../preview/page-script.js'
import { pageCss } from '../../preview/page-style.js'
import {
  type CardVerdictMark,
  previewCards,
  type RenderedPreviewNote,
} from '../../preview/preview-cards.js'
import { parseVerifyReport, verdictLookup } from '../../preview/verify-report.js'
import type { RenderedNote } from '../../render/render-note.js'
import { relativeTo } from '../../text/relative-path.js'
import { notetypeCss } from '../build/notetype-css.js'
import {
  abandonFolder,
  claimNames,
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
  /** A `decklab verify --json` report to mark the cards with. */
  verifyReport?: string | undefined
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
}

async function readVerdicts(cwd: string, path: string): Promise<(note: Note) => CardVerdictMark> {
  let text: string
  try {
    text = await readRegularText(resolve(cwd, path))
  } catch (error) {
    throw new UsageError(
      `Unexpected error reading the verify report \`${path}\`: ${unreadableReason(error)}, expected the file \`decklab verify --json\` wrote`,
    )
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new UsageError(
      `Unexpected text in \`${path}\`, expected the JSON of \`decklab verify --json\``,
    )
  }
  const report = parseVerifyReport(value)
  if ('problem' in report)
    throw new UsageError(`Unexpected verify report \`${path}\`: ${report.problem}`)
  return verdictLookup(report.cards)
}

/** A media file's bytes, or undefined with a diagnostic when it is too large or cannot be read. */
async function readMediaFile(
  note: Note,
  name: string,
  sourcePath: string,
  diagnostics: Diagnostic[],
): Promise<Uint8Array | undefined> {
  try {
    const tooLarge = await mediaTooLarge(note, sourcePath)
    if (tooLarge) {
      diagnostics.push(tooLarge)
      return undefined
    }
    // Read here, written apart: a read error is the note's problem, a write error the folder's.
    return await readFile(sourcePath)
  } catch (error) {
    diagnostics.push(mediaUnreadable(note, name, error))
    return undefined
  }
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
  const folder = await openPreviewFolder(directory, shown)

  const labs = dependencies.labCatalog ? await dependencies.labCatalog() : undefined
  const vault = await dependencies.loadVault({ cwd, paths: options.paths, labs })
  const diagnostics = [...vault.diagnostics]
  const notes = vault.notes.filter((note) => findNoteType(note.noteType) !== undefined)

  const results = notes.map((note) => dependencies.renderNote(note))
  const rendered: RenderedPreviewNote[] = notes.map((note, index) => {
    const result = results[index] as RenderedNote
    diagnostics.push(...result.diagnostics)
    return { note, fields: result.fields, verdict: verdictFor?.(note) }
  })
  const media = mediaByName(results, notes, diagnostics)
  const cards = previewCards(rendered, notetypeFor)

  const math = cards.some((card) => hasMath(card.question) || hasMath(card.answer))
  const mathFiles = math ? mathAssetFiles() : []
  const site = [...Object.values(pageAssets), ...mathFiles.map(({ name }) => name), 'index.html']
  let copied = 0
  try {
    await claimNames(folder, [...site, ...media.keys()])
    const written: string[] = []
    for (const [name, { sourcePath, note }] of media) {
      const data = await readMediaFile(note, name, sourcePath, diagnostics)
      if (data === undefined) continue
      await writeFileInto(folder, name, data)
      written.push(name)
      copied++
    }
    for (const { name, source } of mathFiles) {
      await writeFileInto(folder, name, await readFile(source))
    }
    await writeFileInto(folder, pageAssets.notetypeCss, notetypeCss)
    await writeFileInto(folder, pageAssets.pageCss, pageCss)
    await writeFileInto(folder, pageAssets.script, pageScript)
    // After the media: their diagnostics are listed on the page.
    const html = renderPreviewPage({
      cards,
      notes: notes.length,
      diagnostics,
      verified: verdictFor !== undefined,
      math,
    })
    // The page last (every file goes by rename): a browser never sees half a page.
    await writeFileInto(folder, 'index.html', html)
    await settleFolder(folder, [...written, ...site])
  } catch (error) {
    abandonFolder(folder)
    throw error
  }

  return {
    output: shown,
    index: relativeTo(cwd, join(directory, 'index.html')),
    notes: notes.length,
    cards: cards.length,
    media: copied,
    diagnostics,
    durationMs: performance.now() - started,
  }
}
