/**
 * The answer side of a note: the fields a learner's answer is judged by, per
 * note type, as plain text (see README.md, "The answer side").
 */
import { cardOrds } from '../model/cards.js'
import type { Note } from '../model/note.js'

export const typeInNoteType = 'Basic (type in the answer)'

/** The names of the fields that make up the note's answer side, in order. */
export function answerFields(note: Pick<Note, 'noteType' | 'fields'>): string[] {
  switch (note.noteType) {
    case 'Basic (and reversed card)':
      return ['Front', 'Back']
    case 'Basic (optional reversed card)':
      return (note.fields['Add Reverse'] ?? '').trim() === '' ? ['Back'] : ['Front', 'Back']
    case 'Cloze':
      return ['Text', 'Back Extra']
    default:
      return ['Back']
  }
}

/** `{{c1::text::hint}}`: group 1 is the deletion, group 2 the hint. */
export const clozePattern = /\{\{c\d+::([\s\S]*?)(?:::([\s\S]*?))?\}\}/g

/** A field's Markdown as the plain text a reader sees (cloze deletions kept, hints dropped). */
export function plainText(markdown: string): string {
  return markdown
    .replace(clozePattern, (_whole, deletion: string) => deletion)
    .replace(/!?\[\[([^\]|]*)\|([^\]]*)\]\]/g, '$2')
    .replace(/!?\[\[([^\]]*)\]\]/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/[`$*]|==/g, '')
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim()
}

/** The note's answer side as one plain text (fields joined by a line break). */
export function answerText(note: Pick<Note, 'noteType' | 'fields'>): string {
  return answerFields(note)
    .map((field) => plainText(note.fields[field] ?? ''))
    .filter((text) => text !== '')
    .join('\n')
}

/** The note's first field (the question of its first card), as plain text. */
export function questionText(note: Pick<Note, 'noteType' | 'fields'>): string {
  const first = note.noteType === 'Cloze' ? 'Text' : 'Front'
  return plainText(note.fields[first] ?? '')
}

/** One card's own answer: what the learner must come up with on that card. */
export interface CardAnswer {
  /** The card as a reason names it: `card 2 (Front)`, `c3`. */
  card: string
  text: string
}

/**
 * Each card's own answer, as plain text: the Back (card 1) and, for a
 * reversed card, the Front (card 2); for a Cloze, the card's deletions
 * (its Back Extra is shown with every card, so it answers none of them).
 */
export function cardAnswers(note: Pick<Note, 'noteType' | 'fields'>): CardAnswer[] {
  const ords = cardOrds(note)
  if (note.noteType === 'Cloze') {
    const text = note.fields.Text ?? ''
    return ords.map((ord) => ({
      card: `c${ord + 1}`,
      text: plainText(
        [...text.matchAll(clozePattern)]
          .filter((match) => match[0].startsWith(`{{c${ord + 1}::`))
          .map((match) => match[1] ?? '')
          .join('\n'),
      ),
    }))
  }
  const back = {
    card: ords.length > 1 ? 'card 1 (Back)' : 'the Back',
    text: plainText(note.fields.Back ?? ''),
  }
  if (ords.length < 2) return [back]
  return [back, { card: 'card 2 (Front)', text: plainText(note.fields.Front ?? '') }]
}
