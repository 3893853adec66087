/**
 * Reading the media files the renderer found, once each, with their content
 * hashes (so a changed image moves its notes' `mod`) and metadata (for the
 * "nothing changed" check).
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { isSafeMediaName, type MediaEntry } from '../anki/media.js'
import { type Diagnostic, noteDiagnostic } from '../diagnostics/diagnostic.js'
import type { Note } from '../model/note.js'
import { statKey } from './quick-check.js'

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
  const byName = new Map<string, { sourcePath: string; note: Note }>()
  rendered.forEach((result, index) => {
    for (const file of result.media) {
      const note = notes[index] as Note
      const known = byName.get(file.name)
      if (known && known.sourcePath !== file.sourcePath) {
        throw new Error(`expected unique media names, got ${file.name} for two files`)
      }
      if (!known) byName.set(file.name, { sourcePath: file.sourcePath, note })
    }
  })
  const entries: Array<MediaEntry & { hash: string }> = []
  const stats: Record<string, string> = {}
  for (const [name, { sourcePath, note }] of byName) {
    if (!isSafeMediaName(name)) {
      diagnostics.push(
        noteDiagnostic(
          note,
          'error',
          'media-unsafe-name',
          `Unexpected media name \`${name}\`, expected a name Anki imports unchanged`,
        ),
      )
      continue
    }
    try {
      stats[sourcePath] = statKey(sourcePath)
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
  return noteDiagnostic(
    note,
    'error',
    'media-unreadable',
    `Unexpected error reading media \`${name}\`: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
  )
}
