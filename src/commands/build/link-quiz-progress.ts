/**
 * After `build` wrote IDs into notes that had none: quiz progress kept under
 * those notes' content is linked to their IDs (src/quiz/content-links.ts), so
 * editing a note afterwards keeps it; a state folder that cannot take the
 * links costs a warning (see createContentLinker).
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import type { IdentifiedNote } from '../../model/identity.js'

/** Link the progress of the `added` notes in `writtenFiles`; the warning when that failed. */
export async function linkQuizProgress(
  stateDirectory: string | undefined,
  cwd: string,
  added: readonly IdentifiedNote[],
  writtenFiles: readonly string[],
  now: Date,
): Promise<Diagnostic[]> {
  if (stateDirectory === undefined) return []
  const files = new Set(writtenFiles)
  const written = added.flatMap((note) =>
    files.has(note.source.file) ? [{ note, id: note.id }] : [],
  )
  if (written.length === 0) return []
  // The quiz's store loads only when IDs were written.
  const { createContentLinker } = await import('../../quiz/link-content-progress.js')
  return createContentLinker(stateDirectory, cwd, now)(written)
}
