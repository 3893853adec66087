/**
 * Once `build` or `sync` has written IDs into notes that had none: record
 * which ID each got, for the notes whose quiz progress is kept under their
 * content (see content-links.ts), so an edit afterwards keeps it.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { createReporter } from '../diagnostics/reporter.js'
import { DecklabError } from '../errors.js'
import type { Note } from '../model/note.js'
import { noteContentKey } from '../model/note-key.js'
import { relativeTo } from '../text/relative-path.js'
import { appendContentLinks } from './content-links.js'
import { contentKeysWithProgress } from './store.js'

type WrittenIds = ReadonlyArray<{ note: Pick<Note, 'noteType' | 'fields'>; id: number }>

/**
 * The linker of a build or a sync: called with each batch of first IDs
 * written, it links them, reading the state once. A state folder that cannot
 * take the links costs a warning, said once, not the run: the progress is
 * still found while the notes are unedited, as before.
 */
export function createContentLinker(
  directory: string,
  cwd: string,
  time: Date,
): (written: WrittenIds) => Diagnostic[] {
  let held: Set<string> | undefined
  let failed = false
  return (written) => {
    if (written.length === 0 || failed) return []
    try {
      held ??= contentKeysWithProgress(directory)
      linkContentProgress(directory, written, time, held)
      return []
    } catch (error) {
      if (!(error instanceof DecklabError)) throw error
      failed = true
      return [quizProgressNotLinked(relativeTo(cwd, directory), error.message)]
    }
  }
}

function quizProgressNotLinked(stateFolder: string, reason: string): Diagnostic {
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

/**
 * Link these newly written IDs; throws `DamagedStateError` or
 * `StateNotWritableError`. `held` (the content keys holding progress, read
 * from the state when not given) loses the keys linked: a caller linking
 * batch after batch reads the state once.
 */
export function linkContentProgress(
  directory: string,
  written: WrittenIds,
  time: Date,
  held: Set<string> = contentKeysWithProgress(directory),
): number {
  if (written.length === 0 || held.size === 0) return 0
  const links = written.flatMap(({ note, id }) => {
    const content = noteContentKey(note)
    if (!held.has(content)) return []
    held.delete(content)
    return [{ content, id }]
  })
  appendContentLinks(directory, links, time)
  return links.length
}
