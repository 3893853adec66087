/**
 * Reading the media of rendered notes and naming it by its bytes, for every
 * command that ships or shows media (build, check, sync, preview): each
 * file is read once (`readMedia`), named `packageMediaName` of its basename
 * and content hash, and the rendered fields and media lists take those names.
 */
import { basename } from 'node:path'
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import { type ReadMediaResult, type RenderedMedia, readMedia } from '../../media/read-media.js'
import type { Note } from '../../model/note.js'
import { packageMediaName } from '../../render/media-name.js'
import { type NamedMedia, withPackageNames } from '../../render/package-names.js'

/** `rendered` (one per note of `notes`) under the package names of their media, and that media read. */
export async function readNamedMedia<
  M extends RenderedMedia,
  R extends NamedMedia<M> & { media: readonly M[] },
>(
  rendered: readonly R[],
  notes: readonly Note[],
  diagnostics: Diagnostic[],
): Promise<{ rendered: R[]; media: ReadMediaResult }> {
  const media = await readMedia(rendered, notes, diagnostics, (sourcePath, hash) =>
    packageMediaName(basename(sourcePath), hash),
  )
  return { rendered: rendered.map((result) => withPackageNames(result, media.names)), media }
}
