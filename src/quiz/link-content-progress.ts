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
import { programName } from '../text/program-name.js'
import { relativeTo } from '../text/relative-path.js'
import { appendContentLinks } from './content-links.js'
import type { LackingNote } from './edited-lost-id.js'
import { appendIdMoves, type IdMove } from './id-moves.js'
import { sessionRunning } from './state-lock.js'
import { contentKeysWithProgress, progressKeys } from './store.js'

type WrittenIds = ReadonlyArray<{
  note: Pick<Note, 'noteType' | 'fields'> & { source?: { absolutePath: string } }
  id: number
}>

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
  idsHeld: ReadonlySet<number> = new Set(),
): (written: WrittenIds) => Diagnostic[] {
  let progress: ReturnType<typeof progressKeys> | undefined
  let failed = false
  return (written) => {
    if (written.length === 0 || failed) return []
    try {
      progress ??= progressKeys(directory)
      // A session running now keeps answering these notes under their content after this
      // write (it planned them without IDs): each gets its link, progress or not, so the
      // answers it saves from now on follow the ID through the next edit too.
      linkContentProgress(directory, written, time, progress.contentKeys, sessionRunning(directory))
      appendIdMoves(
        directory,
        lostIdMoves(written, progress, idsHeld),
        time,
        (code) => `the new IDs of notes that lost their ID line could not be recorded (${code})`,
      )
      return []
    } catch (error) {
      if (!(error instanceof DecklabError)) throw error
      failed = true
      return [quizProgressNotLinked(relativeTo(cwd, directory), error.message)]
    }
  }
}

/**
 * A note that lost its ID line is quizzed with the progress of the ID it
 * had (`Store.lostId`, when no note read holds that ID): when a new ID is
 * written into it instead (the build's record gone, so the build could not
 * give the old one back), that progress moves to the new ID, as sync's new
 * IDs move theirs. Without this the card the quiz had kept answering under
 * the old ID was new again, without a word.
 */
function lostIdMoves(
  written: WrittenIds,
  { lostId, editedLostIds }: Pick<ReturnType<typeof progressKeys>, 'lostId' | 'editedLostIds'>,
  idsHeld: ReadonlySet<number>,
): IdMove[] {
  const moves: IdMove[] = []
  // Edited since it lost the line: known by its file, type and first field, among the notes written.
  let edited: ReadonlyMap<LackingNote, number> | undefined
  const editedFrom = (note: LackingNote) => {
    edited ??= editedLostIds(
      written.flatMap(({ note }) => (note.source === undefined ? [] : [note as LackingNote])),
      idsHeld,
    )
    return edited.get(note)
  }
  for (const { note, id } of written) {
    if (note.source === undefined) continue
    const from =
      lostId(noteContentKey(note), note.source.absolutePath) ?? editedFrom(note as LackingNote)
    if (from !== undefined && from !== id && !idsHeld.has(from)) moves.push({ from, to: id })
  }
  return moves
}

function quizProgressNotLinked(stateFolder: string, reason: string): Diagnostic {
  const diagnostics: Diagnostic[] = []
  createReporter(stateFolder, diagnostics).warning(
    'quiz-progress-not-linked',
    `Unexpected quiz state that could not record the new IDs of notes quizzed before they had one (${reason}), expected it to take them: their progress is found only while those notes are unedited`,
    {
      hint: `Repair the quiz state (\`${programName()} stats\` names what is wrong), then review those cards once before editing them: a review keeps the progress under the ID.`,
    },
  )
  return diagnostics[0] as Diagnostic
}

/**
 * Link these newly written IDs; throws `DamagedStateError` or
 * `StateNotWritableError`. `held` (the content keys holding progress, read
 * from the state when not given) loses the keys linked: a caller linking
 * batch after batch reads the state once. Only notes with progress are
 * linked, unless `every` (a quiz session is running on the state).
 */
export function linkContentProgress(
  directory: string,
  written: WrittenIds,
  time: Date,
  held: Set<string> = contentKeysWithProgress(directory),
  every = false,
): number {
  if (written.length === 0 || (held.size === 0 && !every)) return 0
  const links = written.flatMap(({ note, id }) => {
    const content = noteContentKey(note)
    if (!held.has(content) && !every) return []
    held.delete(content)
    return [{ content, id }]
  })
  appendContentLinks(directory, links, time)
  return links.length
}
