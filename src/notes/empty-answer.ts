/**
 * The `empty-answer` warning: a note of a stock Basic type whose `Back` is
 * empty. The usual cause is an answer written without its `Back:` prefix,
 * which the card syntax (the plugin's too) makes text of the front: the card
 * then shows the answer with the question, and a type-in card takes only an
 * empty answer as right. Not said of a note whose answer went behind the
 * stock `Back:` prefix in a localized type's block: `stock-field-prefix`
 * says that, at the line, and a second warning would only repeat it.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { createNoteReporter } from '../diagnostics/reporter.js'
import type { Note } from '../model/note.js'
import { isNoteTypeName } from '../model/note-types.js'
import { writtenFieldName, writtenTypeName } from '../model/translated-note.js'

/** A warning for each note of a stock type with a `Back` field left empty. */
export function emptyAnswers(notes: readonly Note[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = []
  for (const note of notes) {
    if (!isNoteTypeName(note.noteType) || note.noteType === 'Cloze') continue
    if ((note.fields.Back ?? '').trim() !== '') continue
    // The answer went behind `Back:` in a `Basique` block: `stock-field-prefix` said where, and why.
    if (note.source.stockAnswerPrefix) continue
    // Named as the block wrote them (a French Anki's `Basique` and `Verso`).
    const back = writtenFieldName(note, 'Back')
    createNoteReporter(note, diagnostics).warning(
      'empty-answer',
      `Unexpected \`${writtenTypeName(note)}\` note with an empty \`${back}\`, expected the card's answer: a line without the \`${back}:\` prefix is text of the front`,
      { hint: `Start the first line of the answer with \`${back}:\`.` },
    )
  }
  return diagnostics
}
