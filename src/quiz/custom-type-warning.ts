/**
 * What the quiz and stats say of notes of the user's own note types (the
 * plugin's `fields_dict`): decklab does not know which cards Anki makes of
 * them, so it leaves them out rather than guess.
 */
import { notTranslationReason } from '../model/localized-note-types.js'
import type { Note } from '../model/note.js'
import { count } from '../text/count.js'
import { programName } from '../text/program-name.js'

/** One line naming the types and how many notes, or '' when there are none. */
export function customTypeWarning(notes: readonly Note[], warning: string, left: string): string {
  if (notes.length === 0) return ''
  const types = [...new Set(notes.map((note) => note.noteType))].map((name) => `\`${name}\``)
  // A localized Anki's name for a stock type with other fields: why it is the user's own.
  const reasons = [
    ...new Set(
      notes.flatMap((note) => notTranslationReason(note.noteType, Object.keys(note.fields)) ?? []),
    ),
  ]
  const why = reasons.length === 0 ? '' : ` (${reasons.join('; ')})`
  return `${warning} ${count(notes.length, 'note')} of your own note ${types.length === 1 ? 'type' : 'types'} ${types.join(', ')} ${notes.length === 1 ? 'is' : 'are'} left out ${left}: decklab knows the cards of the five stock note types only (\`${programName()} sync\` puts them in Anki)${why}\n`
}
