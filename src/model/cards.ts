import { fieldWithAdditions, type Note } from './note.js'
import { findNoteType } from './note-types.js'

/** `{{c12::` → 12. Numbers ≥ 1 only, as Anki counts them. */
const clozeNumberPattern = /\{\{c(\d+)::/g

/** Distinct cloze numbers in a text, ascending. */
export function clozeNumbers(text: string): number[] {
  const numbers = new Set<number>()
  for (const match of text.matchAll(clozeNumberPattern)) {
    const number = Number(match[1])
    if (number > 0) numbers.add(number)
  }
  return [...numbers].sort((a, b) => a - b)
}

/**
 * The card ordinals a note makes, following Anki (and genanki): one per
 * template whose question would not be empty. So a reversed card only when
 * `Back` has text (its question is `{{Back}}`), and for "optional reversed"
 * only when `Add Reverse` has text too. One per cloze number for Cloze (ord =
 * number - 1; ord 0 when the text has no cloze, since Anki still shows it).
 */
export function cardOrds(note: Pick<Note, 'noteType' | 'fields' | 'additions'>): number[] {
  const type = findNoteType(note.noteType)
  if (!type) return []
  // A field's additions (a `FROZEN` value) are its text too.
  const field = (name: string) => fieldWithAdditions(note, name)
  switch (type.name) {
    case 'Basic':
    case 'Basic (type in the answer)':
      return [0]
    case 'Basic (and reversed card)':
      return hasText(field('Back')) ? [0, 1] : [0]
    case 'Basic (optional reversed card)':
      return hasText(field('Add Reverse')) && hasText(field('Back')) ? [0, 1] : [0]
    case 'Cloze': {
      const numbers = clozeNumbers(field('Text'))
      return numbers.length === 0 ? [0] : numbers.map((number) => number - 1)
    }
  }
}

/** Whether a field has more than white space: what Anki asks of a field a question needs. */
function hasText(field: string): boolean {
  return field.trim() !== ''
}
