/**
 * After `build` wrote IDs into notes that had none: quiz progress kept under
 * those notes' content is linked to their IDs (src/quiz/content-links.ts), so
 * editing a note afterwards keeps it. A state folder that cannot take the
 * links costs a warning, not the build: the progress is still found while
 * the notes are unedited, as before.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import { createReporter } from '../../diagnostics/reporter.js'
import { DecklabError } from '../../errors.js'
import type { IdentifiedNote } from '../../model/identity.js'
import { relativeTo } from '../../text/relative-path.js'

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
  const { linkContentProgress } = await import('../../quiz/link-content-progress.js')
  try {
    linkContentProgress(stateDirectory, written, now)
    return []
  } catch (error) {
    if (!(error instanceof DecklabError)) throw error
    return [quizProgressNotLinked(relativeTo(cwd, stateDirectory), error.message)]
  }
}

/** The warning of a state folder that could not take the links (build and sync alike). */
export function quizProgressNotLinked(stateFolder: string, reason: string): Diagnostic {
  const diagnostics: Diagnostic[] = []
  createReporter(stateFolder, diagnostics).warning(
    'quiz-progress-not-linked',
    `Unexpected quiz state that could not record the new IDs of notes quizzed before they had one (${reason}), expected it to take them: their progress is found only while those notes are unedited`,
    {
      hint: 'Repair the quiz state (`decklab stats` names what is wrong), then review those cards once before editing them: a review keeps the progress under the ID.',
    },
  )
  return diagnostics[0] as Diagnostic
}
