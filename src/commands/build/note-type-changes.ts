/**
 * Warnings for notes packaged before as another note type. Anki keeps the
 * type of a note it has, and its import skips a note whose type changed
 * ("note type has changed"): without a word, the edit would never reach it.
 * A collection that only imports (a student's) keeps the type first
 * packaged, so the warning stands for as long as the note's type differs
 * from that one, and names it once a build since had the new type.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import { createNoteReporter } from '../../diagnostics/reporter.js'
import type { IdentifiedNote } from '../../model/identity.js'
import { writtenTypeName } from '../../model/translated-note.js'

export function noteTypeChangeWarnings(
  changes: ReadonlyArray<{ note: IdentifiedNote; from: string; first?: string | undefined }>,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = []
  for (const { note, from, first } of changes) {
    // As the block names it (`Basique`), the name the record keeps too.
    const type = writtenTypeName(note)
    createNoteReporter(note, diagnostics).warning(
      'note-type-changed',
      first === undefined
        ? `Unexpected note type \`${type}\` for a note last built as \`${from}\`, expected the type it has in Anki: Anki keeps a note's type, and importing this package skips the note ("note type has changed")`
        : `Unexpected note type \`${type}\` for a note ${from === type ? '' : `last built as \`${from}\` and `}first built as \`${first}\`, expected the type it has in Anki: Anki keeps a note's type, so a collection that only imports (a student's) still has it as \`${first}\`, and importing this package skips the note ("note type has changed") with every edit since, unless its type was changed in Anki`,
      {
        hint: "Change the note's type in Anki first (Browse, then Notes → Change Note Type), or delete its `<!--ID: …-->` line to make it a new note (the old one, with its review history, is then named as removed)",
      },
    )
  }
  return diagnostics
}
