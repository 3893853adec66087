/**
 * The answer side of a note: the fields a learner's answer is judged by, per
 * note type, as plain text (see README.md, "The answer side").
 */
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
