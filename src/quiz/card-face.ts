/**
 * What a card shows and asks, by note type and ord: Basic front/back,
 * reversed cards (Back → Front), "type in the answer" and cloze gaps (the
 * user types; the expected text comes from the Back or the hidden cloze).
 */
import type { Note } from '../model/note.js'
import { clozeAnswers, plainText, renderTerminal } from '../terminal/markdown.js'

/** `self`: reveal, then the user grades; `typed`: the user types, decklab proposes a grade. */
export type AnswerMode = 'self' | 'typed'

export interface CardFace {
  mode: AnswerMode
  /** The question, rendered for the terminal. */
  front: string
  /** The answer side, rendered for the terminal. */
  back: string
  /** For typed cards: the expected answer as plain text. */
  expected?: string | undefined
}

/** How a face is laid out: indented by `indent` spaces and fitted into `width` columns. */
export interface FaceLayout {
  indent?: number | undefined
  width?: number | undefined
}

/** Render one card of a note. Called only for the card being shown (rendering is lazy). */
export function cardFace(
  note: Pick<Note, 'noteType' | 'fields'>,
  ord: number,
  color: boolean,
  layout: FaceLayout = {},
): CardFace {
  const field = (name: string) => note.fields[name] ?? ''
  const { indent, width } = layout
  const render = (markdown: string) => renderTerminal(markdown, { color, indent, width })
  switch (note.noteType) {
    case 'Cloze': {
      const number = ord + 1
      const text = field('Text')
      const extra = field('Back Extra').trim()
      const answers = clozeAnswers(text, number)
      const back = renderTerminal(text, { color, indent, width, cloze: { number, reveal: true } })
      return {
        mode: answers.length > 0 ? 'typed' : 'self',
        front: renderTerminal(text, { color, indent, width, cloze: { number, reveal: false } }),
        back: extra === '' ? back : `${back}\n\n${render(extra)}`,
        expected: answers.length > 0 ? answers.join(', ') : undefined,
      }
    }
    case 'Basic (type in the answer)':
      return {
        mode: 'typed',
        front: render(field('Front')),
        back: render(field('Back')),
        expected: plainText(field('Back')),
      }
    default:
      // Basic, reversed and optional reversed: ord 1 is the reverse card.
      return ord === 1
        ? { mode: 'self', front: render(field('Back')), back: render(field('Front')) }
        : { mode: 'self', front: render(field('Front')), back: render(field('Back')) }
  }
}
