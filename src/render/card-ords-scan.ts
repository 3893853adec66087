/**
 * Whether a note makes the same cards from its Markdown as from the HTML the
 * renderer gives it (`cardOrds` of either), found without rendering:
 * `decklab check` compares a note's cards with the last build's record, and
 * renders only the notes this scan does not pass.
 *
 * A note the HTML check scan passes (`html-check-scan.ts`: no `<`, `&`, `\`,
 * `@` or `![`) holds no raw HTML, character reference or escape, so its HTML
 * holds each word of its Markdown, and no cloze marker the Markdown lacks.
 * Rendering drops or disarms text only in:
 * - code (a backtick, a `~~~` fence or an indented line): in a Cloze note its
 *   `::` and `}}` become character references (`cloze-code.ts`);
 * - math (`$`): in a Cloze note its `::` and `}}` get a space (`math.ts`);
 * - a link's URL (`](`), which is percent-encoded, and a link definition
 *   (`]:`), which renders to nothing.
 * So a Cloze note's `Text` without these has the cloze numbers of its
 * Markdown, and another note's field without a link definition has text
 * in its HTML when its Markdown has text (code and math render to text).
 * A note with a lab footer or a field's additions (`FROZEN`, a file link)
 * is not passed: they add HTML of their own.
 */
import { fieldWithAdditions, type Note } from '../model/note.js'
import { findNoteType } from '../model/note-types.js'
import { noteMayNeedHtmlCheck } from './html-check-scan.js'

/** Code, math or a link target, which rendering can disarm a cloze marker in or drop. */
const mayHideCloze = /[`~$]|\]\(|\]:|^(?: {4}|\t)/m
/** A link definition, which renders to nothing. */
const mayEmpty = /\]:/

/**
 * Whether `note`'s Markdown makes the cards its HTML makes; `scanned` when the
 * caller knows the HTML check scan passes it (`check` rendered no other note).
 */
export function markdownMakesRenderedCards(note: Note, scanned = false): boolean {
  if (note.labs.length > 0 || note.additions !== undefined) return false
  if (!scanned && noteMayNeedHtmlCheck(note)) return false
  if (findNoteType(note.noteType)?.name === 'Cloze') {
    return !mayHideCloze.test(note.fields.Text ?? '')
  }
  for (const name in note.fields) {
    if (mayEmpty.test(note.fields[name]!)) return false
  }
  return true
}

/**
 * Whether a Cloze note's deletions may all be disarmed by rendering (in code
 * or math: a comment is raw HTML, which the HTML check scan passes on
 * anyway), so that `decklab check`, which renders only the notes that can
 * have a problem, renders it to see the `cloze-without-deletion` a build sees.
 */
export function clozeMayBeHidden(note: Pick<Note, 'noteType' | 'fields' | 'additions'>): boolean {
  if (findNoteType(note.noteType)?.kind !== 'cloze') return false
  const text = fieldWithAdditions(note, 'Text')
  return text.includes('{{c') && mayHideCloze.test(text)
}
