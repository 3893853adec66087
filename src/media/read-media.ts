/**
 * Reading the media files the renderer found, once each, with their content
 * hashes (which name them in the package, and so move their notes' `mod`
 * when they change) and metadata (for the "nothing changed" check).
 */
import { createHash } from 'node:crypto'
import { closeSync, readSync, type Stats, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { crc32 } from 'node:zlib'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { createNoteReporter } from '../diagnostics/reporter.js'
import { openRegularFileSync } from '../fs/regular-file.js'
import { statsKey } from '../fs/stat-key.js'
import { signalTurns } from '../interrupt.js'
import { isSafeMediaName, type MediaEntry } from '../model/media.js'
import type { Note } from '../model/note.js'
import { relativeTo } from '../text/relative-path.js'

/** A media file the renderer found (the renderer's `MediaFile`). */
export interface RenderedMedia {
  sourcePath: string
  name: string
}

/** A media file named by its bytes: its name, their SHA-256, its path and the first note using it. */
export interface HashedMedia {
  name: string
  hash: string
  sourcePath: string
  note: Note
}

export interface ReadMediaResult<E extends HashedMedia = HashedMedia & MediaEntry> {
  entries: E[]
  /** Source path → `statKey`. */
  stats: Record<string, string>
  /** Source path → the file's name in the package, for each file read (see `readMedia`). */
  names: Map<string, string>
}

/**
 * Read every media file once (each source path once, however many notes
 * use it), a piece at a time, and name it by its bytes: `packageName` of
 * its path and SHA-256. Each entry's `data` is the file to copy when the
 * package is written, with the size and CRC-32 it had (the copy is checked
 * against them), so no file's bytes are held. A file that cannot be read is
 * an error diagnostic; so are two files of different bytes that get one
 * name. Files of the same bytes and name are one entry.
 */
export function readMedia(
  rendered: ReadonlyArray<{ media: readonly RenderedMedia[] }>,
  notes: readonly Note[],
  diagnostics: Diagnostic[],
  packageName: (sourcePath: string, hash: string) => string,
): Promise<ReadMediaResult<HashedMedia & MediaEntry>> {
  return nameMedia(rendered, notes, diagnostics, packageName, (sourcePath) => {
    const { hash, size, crc32 } = digestFile(sourcePath)
    return { hash, data: { path: sourcePath, size, crc32 } }
  })
}

/**
 * `readMedia` for a command that needs only the names and sizes (a check),
 * or copies the files itself (preview, `rereadMedia`): the same names and
 * diagnostics.
 */
export function hashMedia(
  rendered: ReadonlyArray<{ media: readonly RenderedMedia[] }>,
  notes: readonly Note[],
  diagnostics: Diagnostic[],
  packageName: (sourcePath: string, hash: string) => string,
): Promise<ReadMediaResult<HashedMedia & { size: number }>> {
  return nameMedia(rendered, notes, diagnostics, packageName, (sourcePath) => {
    const { hash, size } = digestFile(sourcePath)
    return { hash, size }
  })
}

/** The buffer every media file is read through, a piece at a time. */
const pieces = Buffer.allocUnsafe(64 * 1024)

/**
 * A file's SHA-256 (hex), size and CRC-32, read in pieces on the calling
 * thread: a vault's media are mostly small images, and through promises each
 * cost four thread-pool hops and a buffer of its own.
 */
export function digestFile(path: string): { hash: string; size: number; crc32: number } {
  const hash = createHash('sha256')
  let size = 0
  let crc = 0
  // Never blocking on a FIFO put where a picture was: only a regular file is read.
  const { descriptor } = openRegularFileSync(path)
  try {
    for (;;) {
      const bytesRead = readSync(descriptor, pieces, 0, pieces.length, null)
      if (bytesRead === 0) break
      const piece = pieces.subarray(0, bytesRead)
      hash.update(piece)
      crc = crc32(piece, crc)
      size += bytesRead
    }
  } finally {
    closeSync(descriptor)
  }
  return { hash: hash.digest('hex'), size, crc32: crc }
}

/**
 * The bytes of a file `hashMedia` named, read again (for a command that
 * copies it). Undefined with `media-unreadable` when it can no longer be
 * read. Bytes other than those it was named by (the file changed since) are
 * returned with the `media-changed` warning: they are the file as it is now,
 * under the name of what it was.
 */
export async function rereadMedia(
  entry: HashedMedia,
  diagnostics: Diagnostic[],
): Promise<Uint8Array | undefined> {
  let data: Buffer
  try {
    data = await readFile(entry.sourcePath)
  } catch (error) {
    diagnostics.push(mediaUnreadable(entry.note, basename(entry.sourcePath), error))
    return undefined
  }
  if (createHash('sha256').update(data).digest('hex') !== entry.hash) {
    createNoteReporter(entry.note, diagnostics).warning(
      'media-changed',
      `Unexpected change to media \`${shown(entry.sourcePath)}\` while it was copied, expected the bytes \`${entry.name}\` was named by: it holds the file as it is now`,
      { hint: 'Run the command again to name the file by its new bytes.' },
    )
  }
  return data
}

/** `readMedia` and `hashMedia`: each file `load`ed (hashed, and its bytes kept or not) and named. */
async function nameMedia<L extends { hash: string }>(
  rendered: ReadonlyArray<{ media: readonly RenderedMedia[] }>,
  notes: readonly Note[],
  diagnostics: Diagnostic[],
  packageName: (sourcePath: string, hash: string) => string,
  load: (sourcePath: string) => L,
): Promise<ReadMediaResult<HashedMedia & L>> {
  const entries: Array<HashedMedia & L> = []
  const stats: Record<string, string> = {}
  const names = new Map<string, string>()
  const byName = new Map<string, { name: string; hash: string; sourcePath: string; note: Note }>()
  // Files are read on this thread: a signal's handler gets a turn every few milliseconds.
  const turns = signalTurns(undefined)
  for (const [sourcePath, note] of mediaBySource(rendered, notes)) {
    if (turns.due()) await turns.turn()
    try {
      // One stat gives the rebuild's stamp and the size refusal.
      let stat: Stats
      try {
        stat = statSync(sourcePath)
      } catch (error) {
        stats[sourcePath] = statsKey(undefined)
        throw error
      }
      stats[sourcePath] = statsKey(stat)
      const tooLarge = mediaTooLarge(note, sourcePath, stat.size)
      if (tooLarge) {
        diagnostics.push(tooLarge)
        continue
      }
      const loaded = load(sourcePath)
      const { hash } = loaded
      const name = packageName(sourcePath, hash)
      if (!isSafeMediaName(name)) {
        createNoteReporter(note, diagnostics).error(
          'media-unsafe-name',
          `Unexpected media name \`${name}\`, expected a name Anki imports unchanged`,
        )
        continue
      }
      // Names that differ only in case are one file: on a case-blind file system (exFAT, NTFS,
      // a Mac's or Windows' Anki media folder) the link's spelling is the path found, so one
      // file linked as `PIC.png` and `Pic.png` got two names, and preview's second copy was
      // refused as a file it did not write. The first spelling seen names it.
      const known = byName.get(name.toLowerCase())
      if (known === undefined) {
        byName.set(name.toLowerCase(), { name, hash, sourcePath, note })
        entries.push({ ...loaded, name, sourcePath, note })
      } else if (known.hash !== hash) {
        diagnostics.push(nameClash(note, known.name, sourcePath, known))
        continue
      }
      names.set(sourcePath, known?.name ?? name)
    } catch (error) {
      diagnostics.push(mediaUnreadable(note, basename(sourcePath), error))
    }
  }
  return { entries, stats, names }
}

/** Each media file once, by source path, with the first note that uses it. */
function mediaBySource(
  rendered: ReadonlyArray<{ media: readonly RenderedMedia[] }>,
  notes: readonly Note[],
): Map<string, Note> {
  const bySource = new Map<string, Note>()
  rendered.forEach((result, index) => {
    for (const file of result.media) {
      if (!bySource.has(file.sourcePath)) bySource.set(file.sourcePath, notes[index] as Note)
    }
  })
  return bySource
}

/**
 * The `media-name-clash` error: two files of different bytes got one
 * package name (their basenames make the same name and their hashes agree
 * in the digits the name keeps). Anki keeps one flat media folder.
 */
function nameClash(
  note: Note,
  name: string,
  sourcePath: string,
  known: { sourcePath: string; note: Note },
): Diagnostic {
  return createNoteReporter(note).error(
    'media-name-clash',
    `Unexpected second media file named \`${name}\` (\`${shown(sourcePath)}\`), expected one file per name: \`${shown(known.sourcePath)}\` (used by ${known.note.source.file}:${known.note.source.line}) has it`,
    {
      hint: 'Anki keeps every media file in one folder under its name: rename one of the files.',
    },
  )
}

/** The `media-unreadable` error for a media file that could not be read. */
function mediaUnreadable(note: Note, name: string, error: unknown): Diagnostic {
  return createNoteReporter(note).error(
    'media-unreadable',
    `Unexpected error reading media \`${name}\`: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
  )
}

/** A path as messages show it: relative to the working directory when inside it. */
function shown(path: string): string {
  return relativeTo(process.cwd(), path)
}

/** Media larger than this is refused (AnkiWeb does not sync files over 100 MB). */
export const maxMediaBytes = 100 * 1024 * 1024

/** The `media-too-large` error for a file over `maxMediaBytes` (by its size, never read). */
function mediaTooLarge(note: Note, sourcePath: string, size: number): Diagnostic | undefined {
  if (size <= maxMediaBytes) return undefined
  return createNoteReporter(note).error(
    'media-too-large',
    `Unexpected media \`${shown(sourcePath)}\` of ${Math.round(size / 1024 / 1024)} MiB, expected at most ${maxMediaBytes / 1024 / 1024} MiB: it was not read`,
    { hint: 'Anki and AnkiWeb handle media up to 100 MB; link a smaller file.' },
  )
}
