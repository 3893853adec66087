/**
 * Whether a note makes the same cards from its Markdown as from the HTML the
 * renderer gives it (`cardOrds` of either), found without rendering:
 * `decklab check` compares a note's cards with the last build's record, and
 * renders for it only the notes this scan does not pass.
 *
 * `cardOrds` reads one or two fields of a note, each rendered on its own
 * (with its additions, `FROZEN` and the file link, which this scan does not
 * pass): a Basic note has one card whatever its fields; a reversed card needs
 * text in `Back` (and `Add Reverse`), text with its HTML stripped, as Anki
 * 2.1.15 reads it; a Cloze note has the cloze numbers of its `Text`. A field
 * with a letter renders to no text only through raw HTML (a comment, HTML the
 * check removes), a character reference (`&nbsp;`), a link definition (`]:`),
 * an embed (`![[…]]`), an Obsidian comment (`%%…%%`) or block identifier
 * (`^id`), or when its letters are a fence's info string (`` ```js ``), a
 * link's URL (`[](url)`) or a wikilink's target; one without a letter may be
 * markup alone (`---`, `-`, `1.`). A cloze opener `{{cN::` in the
 * Markdown is disarmed or dropped only in code (a backtick, `~~~`, an
 * indented line, also in a list item or quote), an Obsidian comment (`%%`), math (`$`, `\(`), raw HTML, a link's URL (`](`, `]:`, a
 * linkified URL, whose text is shown percent-decoded), a wikilink's target
 * (`[[target|alias]]`), an image or embed, or when its clozes may join a tag
 * (`cloze-joins.ts`, all written as text); and the HTML has an opener the
 * Markdown lacks only through a character reference, a `\` escape, raw HTML
 * (`{{c1:<!---->:`) or the same percent-decoding. Lab links add a field of
 * their own, which no card's existence depends on.
 */
import { clozeOrdsEmptyInAnki2115 } from '../model/cards.js'
import { fieldWithAdditions, type Note } from '../model/note.js'
import { findNoteType } from '../model/note-types.js'
import { mayJoinAcrossClozes } from './cloze-joins.js'

/**
 * Code, math or a link target, which rendering can disarm a cloze marker in
 * or drop. Indented code is four columns of indentation past where a line's
 * container (a list item, a quote) starts its content, so a run of four
 * spaces or a tab anywhere in a line, not only at its start
 * (`-     {{c1::x}}` is code in a list item).
 */
const mayHideCloze = /[`~$]|\]\(|\]:| {4}|\t|%%/
/** A character reference (a superset of markdown-it's: `&#…;`, `&name;`). */
const reference = /&(?:#|[a-z][a-z0-9]*;)/i
/** What can disarm, drop or make a cloze opener (see the module comment). */
const mayChangeClozes = /[<\\%]|\[\[|!\[/
/** What can render a field with text to nothing (see the module comment). */
const mayRenderEmpty = /<|\]:|!\[|%%|\^/
/** Where letters may be no text of the HTML: a link's URL, a wikilink's target. */
const mayShowNoLetter = /\]\(|\[\[/
/** A fence's marker and the rest of its line, whose letters (its info string) show no text. */
const fenceInfo = /(?:```|~~~).*$/gm

/** Whether `note`'s Markdown makes the cards its HTML makes (`cardOrds` of either). */
export function markdownMakesRenderedCards(
  note: Pick<Note, 'noteType' | 'fields' | 'additions'>,
): boolean {
  switch (findNoteType(note.noteType)?.name) {
    // No cards (the user's own type: `cardOrds` knows none), or one whatever the fields hold.
    case undefined:
    case 'Basic':
    case 'Basic (type in the answer)':
      return true
    case 'Basic (and reversed card)':
      return keepsText(note, 'Back')
    case 'Basic (optional reversed card)':
      return keepsText(note, 'Back') && keepsText(note, 'Add Reverse')
    case 'Cloze':
      return keepsClozes(note, 'Text')
  }
}

/** Whether field `name` has text in its HTML exactly when it has text in its Markdown. */
function keepsText(note: Pick<Note, 'fields' | 'additions'>, name: string): boolean {
  if (note.additions?.[name] !== undefined) return false
  const text = note.fields[name] ?? ''
  if (text.trim() === '') return true
  return (
    /\p{L}/u.test(text.replace(fenceInfo, '')) &&
    !(mayRenderEmpty.test(text) || mayShowNoLetter.test(text) || reference.test(text))
  )
}

/** Whether field `name`'s HTML has the cloze numbers of its Markdown. */
function keepsClozes(note: Pick<Note, 'fields' | 'additions'>, name: string): boolean {
  if (note.additions?.[name] !== undefined) return false
  const text = note.fields[name] ?? ''
  return !(
    mayHideCloze.test(text) ||
    mayChangeClozes.test(text) ||
    reference.test(text) ||
    mayJoinAcrossClozes(text)
  )
}

/**
 * Whether a Cloze note's deletions may all be disarmed by rendering (in code,
 * math or an Obsidian comment: a comment is raw HTML, which the HTML check scan passes on
 * anyway), so that `decklab check`, which renders only the notes that can
 * have a problem, renders it to see the `cloze-without-deletion` a build sees.
 */
export function clozeMayBeHidden(note: Pick<Note, 'noteType' | 'fields' | 'additions'>): boolean {
  if (findNoteType(note.noteType)?.kind !== 'cloze') return false
  const text = fieldWithAdditions(note, 'Text')
  return text.includes('{{c') && mayHideCloze.test(text)
}

/**
 * Whether a Cloze note's HTML may have a card Anki 2.1.15 imports empty
 * (`cloze-empty-in-old-anki`), so that `decklab check` renders it to see what
 * a build sees: its Markdown has one, or the HTML may lose a `}}` the
 * Markdown has. Beside code and math (`clozeMayBeHidden`) and what the HTML
 * check scan passes on to rendering (raw HTML, references, escapes, links,
 * images), only a wikilink's target is left out of the HTML.
 */
export function clozeMayBeEmptyInAnki2115(
  note: Pick<Note, 'noteType' | 'fields' | 'additions'>,
): boolean {
  if (findNoteType(note.noteType)?.kind !== 'cloze') return false
  const text = fieldWithAdditions(note, 'Text')
  return text.includes('{{c') && (text.includes('[[') || clozeOrdsEmptyInAnki2115(text).length > 0)
}
