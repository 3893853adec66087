/**
 * What a card shows and asks, by note type and ord: Basic front/back,
 * reversed cards (Back → Front), "type in the answer" and cloze gaps (the
 * user types; the expected text comes from the Back or the hidden cloze).
 */
import { fieldPieces, type Note } from '../model/note.js'
import {
  clozeAnswers,
  type FieldMarkdown,
  plainText,
  renderTerminal,
} from '../terminal/markdown.js'

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

/**
 * Render one card of a note. Called only for the card being shown (rendering
 * is lazy), and only the question at once: the answer side (and a typed
 * card's expected text) is rendered when first read, so a plain question
 * reaches the screen without loading the Markdown parser.
 */
export function cardFace(
  note: Pick<Note, 'noteType' | 'fields' | 'additions'>,
  ord: number,
  color: boolean,
  layout: FaceLayout = {},
): CardFace {
  // A field and its additions (a `FROZEN` value, the file link), each read on its own.
  const field = (name: string) => fieldPieces(note, name)
  const { indent, width } = layout
  const render = (markdown: FieldMarkdown) => renderTerminal(markdown, { color, indent, width })
  switch (note.noteType) {
    case 'Cloze': {
      const number = ord + 1
      const text = field('Text')
      const answers = clozeAnswers(text, number)
      const back = () => {
        const extra = field('Back Extra')
        const shown = renderTerminal(text, {
          color,
          indent,
          width,
          cloze: { number, reveal: true },
        })
        return extra.join('').trim() === '' ? shown : `${shown}\n\n${render(extra)}`
      }
      return lazyFace(
        answers.length > 0 ? 'typed' : 'self',
        renderTerminal(text, { color, indent, width, cloze: { number, reveal: false } }),
        back,
        answers.length > 0 ? () => answers.join(', ') : undefined,
      )
    }
    case 'Basic (type in the answer)':
      return lazyFace(
        'typed',
        render(field('Front')),
        () => render(field('Back')),
        () => plainText(field('Back')),
      )
    default:
      // Basic, reversed and optional reversed: ord 1 is the reverse card.
      return ord === 1
        ? lazyFace('self', render(field('Back')), () => render(field('Front')))
        : lazyFace('self', render(field('Front')), () => render(field('Back')))
  }
}

/** A face whose answer side and expected text are worked out once, when first read. */
function lazyFace(
  mode: AnswerMode,
  front: string,
  back: () => string,
  expected?: () => string,
): CardFace {
  let shownBack: string | undefined
  let expectedText: string | undefined
  const face: CardFace = {
    mode,
    front,
    get back() {
      shownBack ??= back()
      return shownBack
    },
  }
  if (expected === undefined) return face
  return Object.defineProperty(face, 'expected', {
    enumerable: true,
    get: () => {
      expectedText ??= expected()
      return expectedText
    },
  })
}
