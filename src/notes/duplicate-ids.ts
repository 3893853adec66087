/**
 * The same note id twice is one Anki note overwritten: the `duplicate-id`
 * error, for copies among the notes read and for a copy of a note in a
 * file a partial build did not read.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { createNoteReporter } from '../diagnostics/reporter.js'
import type { Note } from '../model/note.js'

/**
 * Report every later copy. An id over 2^53 − 1 cannot be read exactly (two
 * such ids may read as one), and Anki refuses id 0: both are reported as
 * such, and left out of the comparison.
 */
export function checkDuplicateIds(notes: readonly Note[]): Diagnostic[] {
  const seen = new Map<number, Note>()
  const diagnostics: Diagnostic[] = []
  for (const note of notes) {
    if (note.id === null) continue
    if (!hasComparableId(note)) {
      createNoteReporter(note, diagnostics).error(
        'id-out-of-range',
        note.id < 1
          ? 'Unexpected note id 0, expected a positive id (Anki refuses a note or card with id 0)'
          : `Unexpected note id over ${Number.MAX_SAFE_INTEGER} (2^53 − 1), expected an id that can be read exactly`,
        {
          place: note.source.idSpan ?? idPosition(note),
          hint: 'Anki note ids are 13 digits (the time the note was made, in ms): delete this ID line so a new one is written',
        },
      )
      continue
    }
    const first = seen.get(note.id)
    if (first) reportDuplicateId(note, first, 'first', diagnostics)
    else seen.set(note.id, note)
  }
  return diagnostics
}

/** An id that can be compared: read exactly, and one Anki takes. */
export function hasComparableId(note: Note): note is Note & { id: number } {
  return note.id !== null && Number.isSafeInteger(note.id) && note.id >= 1
}

/**
 * The `duplicate-id` error at `note`'s ID line, naming where `other` has the
 * same id: the first note with it, or one in a file outside the paths read.
 */
export function reportDuplicateId(
  note: Note,
  other: Note,
  otherIs: 'first' | 'outside',
  diagnostics: Diagnostic[],
): void {
  // Point at the other note's ID line too, not at its `START`.
  const where = `${other.source.file}:${idPosition(other).line}`
  createNoteReporter(note, diagnostics).error(
    'duplicate-id',
    `Unexpected duplicate note id \`${note.id}\`, expected a unique id (${
      otherIs === 'first'
        ? `first used at ${where}`
        : `also used at ${where}, outside the paths read`
    })`,
    {
      place: note.source.idSpan ?? idPosition(note),
      // Which one is the copy is not known here: the error stands at the later one in path order.
      hint: `a copied block keeps its ID line: delete the ID line of whichever of the two is the copy (this one or the one at ${where}), so a new one is written; the other keeps the note in Anki and its review history`,
    },
  )
}

/** Where a note's ID is written (the span the parser gave), else the note's start. */
function idPosition(note: Note): { line: number; column: number } {
  return note.source.idSpan?.start ?? { line: note.source.line, column: note.source.column }
}
