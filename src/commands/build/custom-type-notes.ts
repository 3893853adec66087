/**
 * Notes of the user's own note types (the plugin's `fields_dict`): `sync`
 * adds them to Anki, which has their templates; a package cannot hold them,
 * since decklab has none. They are left out of the build with a warning,
 * never silently, and get no ID from it (an ID names a note in Anki).
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import { createNoteReporter } from '../../diagnostics/reporter.js'
import { notTranslationReason } from '../../model/localized-note-types.js'
import type { Note } from '../../model/note.js'
import { findNoteType } from '../../model/note-types.js'
import { programName } from '../../text/program-name.js'

/** The notes a package (or a preview) can hold, and one warning per file and custom type for the rest. */
export function withoutCustomTypes<N extends Note>(
  notes: readonly N[],
  /** What they are left out of. */
  made: 'package' | 'preview' = 'package',
): { notes: N[]; diagnostics: Diagnostic[] } {
  const kept: N[] = []
  const groups = new Map<string, { note: N; count: number }>()
  for (const note of notes) {
    if (findNoteType(note.noteType) !== undefined) {
      kept.push(note)
      continue
    }
    const key = JSON.stringify([note.source.file, note.noteType])
    const group = groups.get(key)
    if (group) group.count += 1
    else groups.set(key, { note, count: 1 })
  }
  const diagnostics: Diagnostic[] = []
  for (const { note, count } of groups.values()) {
    const which =
      count === 1 ? 'this note is' : `${count} notes of this file, from this one on, are`
    // A localized Anki's name for a stock type, with other fields: why it is not that type.
    const why = notTranslationReason(note.noteType, Object.keys(note.fields))
    createNoteReporter(note, diagnostics).warning(
      'custom-note-type',
      `Unexpected note type \`${note.noteType}\` in a ${made === 'package' ? 'package build' : 'preview'}, expected one of the five stock note types: ${which} left out of the ${made}, as decklab has no card templates for \`${note.noteType}\`${why === undefined ? '' : ` (${why})`}`,
      {
        hint: `\`${programName()} sync\` adds them to Anki, whose note type has the templates, as Obsidian_to_Anki does; packages, previews, the quiz and \`verify\` hold the five stock note types only`,
      },
    )
  }
  return { notes: kept, diagnostics }
}
