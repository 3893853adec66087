/**
 * Warnings for notes packaged before as another note type. Anki keeps the
 * type of a note it has, and its import skips a note whose type changed
 * ("note type has changed"): without a word, the edit would never reach it.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import { createNoteReporter } from '../../diagnostics/reporter.js'
import type { IdentifiedNote } from '../../model/identity.js'

export function noteTypeChangeWarnings(
  changes: ReadonlyArray<{ note: IdentifiedNote; from: string }>,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = []
  for (const { note, from } of changes) {
    createNoteReporter(note, diagnostics).warning(
      'note-type-changed',
      `Unexpected note type \`${note.noteType}\` for a note last built as \`${from}\`, expected the type it has in Anki: Anki keeps a note's type, and importing this package skips the note ("note type has changed")`,
      {
        hint: "Change the note's type in Anki first (Browse, then Notes → Change Note Type), or delete its `<!--ID: …-->` line to make it a new note (the old one, with its review history, is then named as removed)",
      },
    )
  }
  return diagnostics
}
