/**
 * Reading the media of rendered notes and naming it by its bytes, for every
 * command that ships or shows media (build, check, sync, preview): each
 * file is read once (`readMedia`, or `hashMedia` when its bytes are not
 * kept), named `packageMediaName` of its basename and content hash, and the
 * rendered fields and media lists take those names.
 */
import { basename } from 'node:path'
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import {
  type HashedMedia,
  hashMedia,
  type ReadMediaResult,
  type RenderedMedia,
  readMedia,
} from '../../media/read-media.js'
import type { Note } from '../../model/note.js'
import { packageMediaName } from '../../render/media-name.js'
import { type NamedMedia, withPackageNames } from '../../render/package-names.js'

type Named<R, E extends HashedMedia> = { rendered: R[]; media: ReadMediaResult<E> }

/** `rendered` (one per note of `notes`) under the package names of their media, and that media read. */
export function readNamedMedia<
  M extends RenderedMedia,
  R extends NamedMedia<M> & { media: readonly M[] },
>(rendered: readonly R[], notes: readonly Note[], diagnostics: Diagnostic[]) {
  return nameBy(readMedia, rendered, notes, diagnostics)
}

/**
 * `readNamedMedia` without keeping the bytes: the same names, each file
 * hashed a piece at a time (for preview, which copies each file as it
 * writes it, and for a check, which ships none).
 */
export function hashNamedMedia<
  M extends RenderedMedia,
  R extends NamedMedia<M> & { media: readonly M[] },
>(rendered: readonly R[], notes: readonly Note[], diagnostics: Diagnostic[]) {
  return nameBy(hashMedia, rendered, notes, diagnostics)
}

async function nameBy<
  E extends HashedMedia,
  M extends RenderedMedia,
  R extends NamedMedia<M> & { media: readonly M[] },
>(
  read: (
    rendered: readonly R[],
    notes: readonly Note[],
    diagnostics: Diagnostic[],
    packageName: (sourcePath: string, hash: string) => string,
  ) => Promise<ReadMediaResult<E>>,
  rendered: readonly R[],
  notes: readonly Note[],
  diagnostics: Diagnostic[],
): Promise<Named<R, E>> {
  const media = await read(rendered, notes, diagnostics, (sourcePath, hash) =>
    packageMediaName(basename(sourcePath), hash),
  )
  return { rendered: rendered.map((result) => withPackageNames(result, media.names)), media }
}
