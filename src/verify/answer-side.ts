/**
 * The answer side of a note: the fields a learner's answer is judged by, per
 * note type, read from the HTML the package's renderer makes of them, as the
 * text the card shows (see README.md, "The answer side").
 */

import { cardOrds } from '../model/cards.js'
import { everyDeletion, renderCloze } from '../model/cloze-filter.js'
import type { Note } from '../model/note.js'
import { findNoteType } from '../model/note-types.js'
import { writtenFieldName } from '../model/translated-note.js'
import { htmlToText, typeAnswerText } from '../text/html-text.js'
import { mayGlossText, withGlossesApart } from './gloss-text.js'
import { mayHideText, unreadColour, withoutHiddenText } from './hidden-text.js'
import { mayNumberText, withListNumbers } from './list-numbers.js'
import { mathOnPaper, visibleMath } from './math-text.js'

export const typeInNoteType = 'Basic (type in the answer)'

/**
 * The package's renderer (`src/render`, handed in by the verify command: a
 * stage does not import another): field name → the HTML the card shows.
 */
export type RenderFields = (note: Note) => Readonly<Record<string, string>>

/**
 * The names of the fields that make up the note's answer side, in order. An
 * optional reversed note's Front is an answer only where the model makes its
 * reversed card (`cardOrds`: `Add Reverse` with text as Anki 2.1.15 strips it),
 * so `Add Reverse: &nbsp;` leaves the Front a question.
 */
export function answerFields(note: Pick<Note, 'noteType' | 'fields' | 'additions'>): string[] {
  switch (note.noteType) {
    case 'Basic (and reversed card)':
      return ['Front', 'Back']
    case 'Basic (optional reversed card)':
      return cardOrds(note).includes(1) ? ['Front', 'Back'] : ['Back']
    case 'Cloze':
      return ['Text', 'Back Extra']
    default:
      return ['Back']
  }
}

/** The first field: the question of the note's first card. */
export function questionField(note: Pick<Note, 'noteType' | 'fields'>): string {
  if (note.noteType === 'Cloze') return 'Text'
  // The user's own note type: its first field, the one a block writes first.
  return findNoteType(note.noteType) ? 'Front' : (Object.keys(note.fields)[0] ?? 'Front')
}

/** `{{c1::text::hint}}` in a field's Markdown: group 1 is the deletion, group 2 the hint. */
export const clozePattern = /\{\{c\d+::([\s\S]*?)(?:::([\s\S]*?))?\}\}/g

const boxes =
  'p|div|li|h[1-6]|blockquote|pre|tr|table|ul|ol|dl|dt|dd|td|th|caption|details|summary|figure|figcaption|center'

/** Closing block tags and `<br>`, `<hr>`: where the card breaks a line. */
const lineBreaks = new RegExp(`<br\\s*\\/?>|<hr\\s*\\/?>|<\\/(?:${boxes})>`, 'gi')

/**
 * Opening block tags: a box starts a line too, so raw `x<div>EPIPE</div>` and
 * `<summary>Answer</summary>EPIPE` show two words, not `xEPIPE` and `AnswerEPIPE`.
 * Matched up to the name only: the break goes before the tag, whatever its attributes hold.
 */
const boxStarts = new RegExp(`<(?:${boxes})\\b`, 'gi')

/** Code and preformatted blocks: MathJax leaves their `\(` alone, and so does `withoutMathDelimiters`. */
const codeElements = /<(code|pre)\b[^>]*>[\s\S]*?<\/\1>/gi

/** A formula the renderer wrote for MathJax (`$…$`, `$$…$$`): group 1 or 2 is its TeX. */
const mathSpans = /\\\(([\s\S]*?)\\\)|\\\[([\s\S]*?)\\\]/g

/**
 * `\(…\)` and `\[…\]` (the renderer's MathJax delimiters for `$…$`, `$$…$$`)
 * without the delimiters, nor what the formula draws as nothing (`visibleMath`).
 */
function withoutMathDelimiters(html: string): string {
  const read = (text: string) =>
    text
      .replace(mathSpans, (_, inline?: string, display?: string) =>
        visibleMath(inline ?? display ?? ''),
      )
      .replace(/\\[()[\]]/g, '')
  let output = ''
  let position = 0
  for (const code of html.matchAll(codeElements)) {
    output += read(html.slice(position, code.index)) + code[0]
    position = code.index + code[0].length
  }
  return output + read(html.slice(position))
}

/**
 * Characters the card draws as nothing inside a word: a soft hyphen (`&shy;`, a
 * hyphen only where the line breaks), zero-width spaces and joiners, the word
 * joiner and a byte order mark. `10&shy;8` shows 108, `EN&#8203;OENT` ENOENT.
 */
const invisibleCharacters = /[\u00ad\u200b-\u200d\u2060\ufeff]/g

/**
 * Field HTML as the text the card shows: tags and comments stripped, every
 * character reference decoded (`htmlToText`), math without its delimiters,
 * and sound tags, struck-out and hidden text (`withoutHiddenText`) and
 * characters drawn as nothing left out; a ruby gloss, superscript and
 * subscript read apart from the text beside them (`withGlossesApart`); a line break where the card
 * breaks a line (a `<br>`, the start and end of a paragraph, list item,
 * table cell or `<summary>`), spaces
 * collapsed.
 */
export function shownText(html: string): string {
  const text = htmlToText(
    withoutMathDelimiters(
      withGlossesApart(withListNumbers(withoutHiddenText(html, mathOnPaper))).replace(
        /\[sound:[^\]]+\]/g,
        '',
      ),
    )
      .replace(lineBreaks, '$&\n')
      .replace(boxStarts, '\n$&'),
  )
  return text
    .normalize('NFC')
    .replace(invisibleCharacters, '')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n')
}

/** One card's own answer: what the learner must come up with on that card. */
export interface CardAnswer {
  /** The card as a reason names it: `card 2 (Front)`, `c3`. */
  card: string
  text: string
  /**
   * A colour a style sets on its text that verify cannot read (`color: rgb(from
   * white r g b)`), so whether the card shows that text is not known (`unreadColour`).
   */
  unreadColour?: string
}

/** A note as its cards show it, read once for the judge. */
export interface ShownNote {
  /** The first field (the question of the note's first card), on one line. */
  question: string
  /** The answer side: its fields' texts, a line break between fields. */
  answer: string
  /** The Back on one line, as a type-in card's answer is compared with it. */
  back: string
  /**
   * Each card's own answer: the Back (card 1) and, for a reversed card, the
   * Front (card 2); for a Cloze, the card's deletions (its Back Extra is
   * shown with every card, so it answers none of them).
   */
  cards: CardAnswer[]
  /** The note's cards (ordinals) as the package has them: from its rendered fields. */
  ords: number[]
}

/**
 * Read a note through the package's renderer. A Cloze's `Text` is read as
 * the answer side shows it (every deletion revealed, hints dropped; the card's
 * own in Anki's `<span class="cloze">`), so the cloze markup is resolved on
 * the HTML, as Anki does, before it is text.
 */
export function readNote(note: Note, render: RenderFields): ShownNote {
  const html = render(note)
  const ords = cardOrds({ noteType: note.noteType, fields: html })
  const cloze = note.noteType === 'Cloze'
  const fieldText = (field: string): string => {
    const fieldHtml = html[field] ?? ''
    return shownText(
      cloze && field === 'Text' ? renderCloze(fieldHtml, { number: 1, side: 'answer' }) : fieldHtml,
    )
  }
  // Read from the rendered fields, as the package makes its cards (`ords`): a link definition alone is no text.
  const answer = answerFields({ noteType: note.noteType, fields: html })
    .map(fieldText)
    .filter((text) => text !== '')
    .join('\n')
  return {
    question: fieldText(questionField(note)).replace(/\s+/g, ' '),
    answer,
    // What Anki compares the typed text with (struck-out and hidden text too), not what it shows.
    back: typeAnswerText(html.Back ?? '').replace(/\s+/g, ' '),
    cards: cardAnswers(note, ords, html, fieldText),
    ords,
  }
}

function cardAnswers(
  note: Note,
  ords: readonly number[],
  html: Readonly<Record<string, string>>,
  fieldText: (field: string) => string,
): CardAnswer[] {
  if (note.noteType === 'Cloze') {
    const textHtml = html.Text ?? ''
    const together = deletionsTogether(textHtml)
    if (together !== undefined)
      return ords.map((ord) => ({ card: `c${ord + 1}`, text: together.get(ord + 1) ?? '' }))
    return ords.map((ord) => clozeCardAnswer(textHtml, ord + 1))
  }
  // Named as the block wrote them (`Verso` in a French Anki's `Basique`): the user knows no other.
  const backName = writtenFieldName(note, 'Back')
  const back = withUnread(
    { card: ords.length > 1 ? `card 1 (${backName})` : `the ${backName}`, text: fieldText('Back') },
    html.Back ?? '',
  )
  if (ords.length < 2) return [back]
  const front = { card: `card 2 (${writtenFieldName(note, 'Front')})`, text: fieldText('Front') }
  return [back, withUnread(front, html.Front ?? '')]
}

/**
 * One Cloze card's own answer read on its own answer side (`shownDeletions`),
 * with the colour verify cannot read on the text, if any. It reads the whole
 * field, so every card of a long note takes it once more: `deletionsTogether`
 * reads them all at once where it can.
 */
export function clozeCardAnswer(textHtml: string, number: number): CardAnswer {
  return withUnread(
    { card: `c${number}`, text: shownDeletions(textHtml, number) },
    // The whole text with the card's deletion shown: a colour around it may hide it.
    renderCloze(textHtml, { number, side: 'answer' }),
  )
}

/** The card's answer with the colour verify cannot read on its field's text, if any. */
function withUnread(answer: CardAnswer, fieldHtml: string): CardAnswer {
  const colour = unreadColour(fieldHtml, mathOnPaper)
  return colour === undefined ? answer : { ...answer, unreadColour: colour }
}

/** Marks (private-use characters) put around a card's own deletions, to find them in the text shown. */
const deletionMarks = ['\uE000', '\uE001'] as const

/**
 * The text a Cloze card's own deletions (cloze `number`) show on its answer
 * side, read in place: a deletion inside hidden or struck-out text
 * (`<span style="display:none">{{c1::EPIPE}}</span>`) shows nothing, as on
 * the card, though its own HTML hides nothing. Where the marks do not pair up
 * (a deletion that opens inside a hidden element and closes outside it), the
 * card's own answer is taken to show nothing.
 */
function shownDeletions(textHtml: string, number: number): string {
  const [open, close] = deletionMarks
  const clean = textHtml.replaceAll(open, '').replaceAll(close, '')
  // In Anki's `<span class="cloze">`, whose colour shows a deletion inside hidden-coloured text.
  const spans = [`<span class="cloze">${open}`, `${close}</span>`] as const
  const text = shownText(renderCloze(clean, { number, side: 'answer' }, { spans }))
  const parts: string[] = []
  let depth = 0
  let current = ''
  for (const character of text) {
    if (character === open) depth += 1
    else if (character === close) {
      depth -= 1
      if (depth < 0) return ''
      if (depth === 0) parts.push(current)
      if (depth === 0) current = ''
    } else if (depth > 0) current += character
  }
  if (depth !== 0) return ''
  return deletionLines(parts)
}

/** A card's deletions as its answer: one line each (and each of their lines), spaces collapsed. */
function deletionLines(parts: readonly string[]): string {
  return parts
    .join('\n')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n')
}

/**
 * Every Cloze card's own answer (cloze number → text), read from one
 * rendering of the field with every deletion between the marks, or undefined
 * where a card's text might then differ from what `shownDeletions` reads on
 * its own answer side; the caller then reads card by card, in time the field's
 * length times its cards (4,000 cards of a listing took minutes).
 *
 * What it relies on: the cards' answer sides differ only in which deletions
 * are put in Anki's `<span class="cloze">` and marks. That span changes how
 * text is seen only through the hidden-text reader (its colour, and the text
 * nodes it splits), the list-number and gloss readers parse the tree (a span
 * may move an item out of its list), and a formula or sound tag is read with
 * what it holds. Where the field, all deletions shown without marks, has none
 * of those (each reader's own test: a match across an inserted span or mark
 * would be in it too), the rest is read string by string, the marks kept in
 * place, so each card's deletions read the same with or without the others'
 * marks around other text. Deletions inside one another (the marks would
 * nest), marks a comment swallows, marks already in the field, and a span in
 * a tag are left to the card-by-card reading. test/verify/cloze-cards.test.ts
 * compares the two readings on random notes.
 */
export function deletionsTogether(textHtml: string): Map<number, string> | undefined {
  const [open, close] = deletionMarks
  if (textHtml.includes(open) || textHtml.includes(close)) return undefined
  const plain = renderCloze(textHtml, { number: -1, side: 'answer' })
  if (mayHideText(plain) || mayNumberText(plain) || mayGlossText(plain)) return undefined
  if (/\\[()[\]]|\[sound:|<!--/i.test(plain)) return undefined
  const spans = [`<span class="cloze">${open}`, `${close}</span>`] as const
  const every = everyDeletion(textHtml, spans)
  if (every.nested || /<[^>]*<span class="cloze">/.test(every.html)) return undefined
  const found = new Map<number, string[]>()
  let index = 0
  let current: string | undefined
  for (const character of shownText(every.html)) {
    if (character === open) {
      if (current !== undefined) return undefined
      current = ''
    } else if (character === close) {
      const number = every.numbers[index]
      if (current === undefined || number === undefined) return undefined
      const parts = found.get(number)
      if (parts === undefined) found.set(number, [current])
      else parts.push(current)
      index += 1
      current = undefined
    } else if (current !== undefined) current += character
  }
  if (current !== undefined || index !== every.numbers.length) return undefined
  return new Map([...found].map(([number, parts]) => [number, deletionLines(parts)]))
}
