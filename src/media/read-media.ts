/**
 * Reading the media files the renderer found, once each, with their content
 * hashes (so a changed image moves its notes' `mod`) and metadata (for the
 * "nothing changed" check).
 */
import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { createNoteReporter } from '../diagnostics/reporter.js'
import { statKey } from '../fs/stat-key.js'
import { isSafeMediaName, type MediaEntry } from '../model/media.js'
import type { Note } from '../model/note.js'
import { relativeTo } from '../text/relative-path.js'

/** A media file the renderer found (the renderer's `MediaFile`). */
export interface RenderedMedia {
  sourcePath: string
  name: string
}

export interface ReadMediaResult {
  entries: Array<MediaEntry & { hash: string }>
  /** Source path → `statKey`. */
  stats: Record<string, string>
}

/** Read every media file once; a file that cannot be read is an error diagnostic. */
export async function readMedia(
  rendered: ReadonlyArray<{ media: readonly RenderedMedia[] }>,
  notes: readonly Note[],
  diagnostics: Diagnostic[],
): Promise<ReadMediaResult> {
  const byName = mediaByName(rendered, notes, diagnostics)
  const entries: Array<MediaEntry & { hash: string }> = []
  const stats: Record<string, string> = {}
  for (const [name, { sourcePath, note }] of byName) {
    if (!isSafeMediaName(name)) {
      createNoteReporter(note, diagnostics).error(
        'media-unsafe-name',
        `Unexpected media name \`${name}\`, expected a name Anki imports unchanged`,
      )
      continue
    }
    try {
      stats[sourcePath] = statKey(sourcePath)
      const tooLarge = await mediaTooLarge(note, sourcePath)
      if (tooLarge) {
        diagnostics.push(tooLarge)
        continue
      }
      const data = await readFile(sourcePath)
      entries.push({ name, data, hash: createHash('sha256').update(data).digest('hex') })
    } catch (error) {
      diagnostics.push(mediaUnreadable(note, basename(sourcePath), error))
    }
  }
  return { entries, stats }
}

/** The `media-unreadable` error for a media file that could not be read (build and preview). */
export function mediaUnreadable(note: Note, name: string, error: unknown): Diagnostic {
  return createNoteReporter(note).error(
    'media-unreadable',
    `Unexpected error reading media \`${name}\`: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
  )
}

/**
 * Each media name once, with the first file and note that use it. Two
 * different files under one name (two vaults both holding `img.png`) are a
 * `media-name-clash` error: Anki keeps one flat media folder.
 */
export function mediaByName(
  rendered: ReadonlyArray<{ media: readonly RenderedMedia[] }>,
  notes: readonly Note[],
  diagnostics: Diagnostic[],
): Map<string, { sourcePath: string; note: Note }> {
  const byName = new Map<string, { sourcePath: string; note: Note }>()
  const clashes = new Set<string>()
  rendered.forEach((result, index) => {
    const note = notes[index] as Note
    for (const file of result.media) {
      const known = byName.get(file.name)
      if (!known) byName.set(file.name, { sourcePath: file.sourcePath, note })
      else if (known.sourcePath !== file.sourcePath && !clashes.has(file.sourcePath)) {
        clashes.add(file.sourcePath)
        createNoteReporter(note, diagnostics).error(
          'media-name-clash',
          `Unexpected second media file named \`${file.name}\` (\`${shown(file.sourcePath)}\`), expected one file per name: \`${shown(known.sourcePath)}\` (used by ${known.note.source.file}:${known.note.source.line}) has it`,
          {
            hint: 'Anki keeps every media file in one folder under its name: rename one of the files.',
          },
        )
      }
    }
  })
  return byName
}

/** A path as messages show it: relative to the working directory when inside it. */
function shown(path: string): string {
  return relativeTo(process.cwd(), path)
}

/** Media larger than this is refused (AnkiWeb does not sync files over 100 MB). */
export const maxMediaBytes = 100 * 1024 * 1024

/** The `media-too-large` error for a file over `maxMediaBytes` (by its size, never read). */
export async function mediaTooLarge(
  note: Note,
  sourcePath: string,
): Promise<Diagnostic | undefined> {
  const { size } = await stat(sourcePath)
  if (size <= maxMediaBytes) return undefined
  return createNoteReporter(note).error(
    'media-too-large',
    `Unexpected media \`${shown(sourcePath)}\` of ${Math.round(size / 1024 / 1024)} MiB, expected at most ${maxMediaBytes / 1024 / 1024} MiB: it was not read`,
    { hint: 'Anki and AnkiWeb handle media up to 100 MB; link a smaller file.' },
  )
}
