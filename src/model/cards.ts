import { fieldWithAdditions, type Note } from './note.js'
import { findNoteType } from './note-types.js'

/** A deletion's opener `{{cN::` (N in group 1) or a closer `}}`, in text order. */
const clozeToken = /\{\{c(\d+)::|\}\}/g

/**
 * The deletions Anki finds in a text: an opener `{{cN::` closed by a later
 * `}}`, the innermost open one first (as Anki nests them). An opener never
 * closed is text to Anki (2.1.15's `{{c(\d+)::.+?}}` and today's parser
 * alike): `unclosed` lists them, in text order.
 */
function scanClozes(text: string): { closed: Set<number>; unclosed: RegExpExecArray[] } {
  const closed = new Set<number>()
  const open: RegExpExecArray[] = []
  for (const match of text.matchAll(clozeToken)) {
    if (match[1] !== undefined) {
      open.push(match)
      continue
    }
    const opener = open.pop()
    if (opener === undefined) continue
    const number = Number(opener[1])
    if (number > 0) closed.add(number)
  }
  return { closed, unclosed: open }
}

/**
 * Distinct cloze numbers in a text, ascending, from its closed deletions
 * (N ≥ 1) only: an opener never closed makes no card in Anki, and counted,
 * its card was an empty one in the package.
 */
export function clozeNumbers(text: string): number[] {
  return [...scanClozes(text).closed].sort((a, b) => a - b)
}

/** The first `{{cN::` of a text that no `}}` closes, if any: Anki shows it as text. */
export function unclosedClozeOpener(text: string): string | undefined {
  return scanClozes(text).unclosed[0]?.[0]
}

/** Every `{{cN::` of a text that no `}}` closes, in text order, with where each starts. */
export function unclosedClozeOpeners(text: string): Array<{ opener: string; index: number }> {
  return scanClozes(text).unclosed.map((found) => ({ opener: found[0], index: found.index }))
}

/**
 * The numbers of the deletions as Anki 2.1.15 reads them (`_availClozeOrds`:
 * `{{c(\d+)::.+?}}`, dot-all, found left to right without overlap): from
 * `{{cN::` to the first `}}` after at least one character. Found in linear
 * time: that regex, run as written, reads from each opener to the end of a
 * text that no `}}` closes, and a field of 160,000 unclosed `{{c1::` took
 * half a minute. An opener no `}}` follows ends the search, as no later one
 * has a `}}` after it either.
 */
export function* anki2115Deletions(text: string): Generator<number> {
  // Its own: a reader may stop after the first deletion, or read two texts at once.
  const clozeOpener = /\{\{c(\d+)::/g
  for (;;) {
    const opener = clozeOpener.exec(text)
    if (opener === null) return
    const close = text.indexOf('}}', opener.index + opener[0].length + 1)
    if (close === -1) return
    const number = Number(opener[1])
    clozeOpener.lastIndex = close + 2
    yield number
  }
}

/**
 * Whether Anki 2.1.15 reads no deletion numbered from c1 in a text: it then
 * keeps card 1 and adds "Please edit this note and add some cloze deletions"
 * to its question (`_renderQA`).
 */
export function anki2115ReadsNoDeletion(text: string): boolean {
  for (const number of anki2115Deletions(text)) if (number > 0) return false
  return true
}

/**
 * The ordinals `cardOrds` gives a Cloze text that Anki 2.1.15 imports empty
 * (its Empty Cards deletes them): those its reading of the text finds no
 * deletion for. It ends a deletion at the first `}}`, so a deletion nested in
 * another (which Anki 2.1.56 and later read) and one after an empty
 * `{{c1::}}` or after an opener whose own `}}` is code are none to it; with
 * none at all it keeps ord 0.
 */
export function clozeOrdsEmptyInAnki2115(text: string): number[] {
  const numbers = clozeNumbers(text)
  if (numbers.length === 0) return []
  const read = new Set<number>()
  for (const number of anki2115Deletions(text)) read.add(number)
  read.delete(0)
  if (read.size === 0) read.add(1)
  return numbers.filter((number) => !read.has(number)).map((number) => number - 1)
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

/**
 * Whether a field has text for a question that needs it, as both Ankis read
 * it. Anki 2.1.15 shows a field's `{{#Field}}` section only when it has text
 * once its HTML is stripped (`stripHTMLMedia`: an image counts by its file
 * name); today's Anki asks less (`field_is_empty`: white space, `<br>` and
 * `<div>` alone are empty). So `Add Reverse: <span></span>` made a card that
 * 2.1.15 shows with an empty front, and a `Back` of markup alone one that no
 * Anki shows anything on.
 */
function hasText(field: string): boolean {
  return notPythonSpace.test(anki2115StrippedText(field))
}

/** A character Python's `str.strip` keeps (JavaScript's `\\s` but U+FEFF, and U+001C–U+001F, U+0085). */
const notPythonSpace =
  /[^\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/

/**
 * A field's text as Anki 2.1.15 reads it for a section (`stripHTMLMedia`):
 * an image is its file name, comments, styles, scripts and tags go, and
 * character references are decoded (`entsToTxt`, `&nbsp;` a space).
 */
function anki2115StrippedText(html: string): string {
  return html
    .replace(/<img[^>]+src=["']?([^"'>]+)["']?[^>]*>/gi, ' $1 ')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<style[\s\S]*?>[\s\S]*?<\/style>/gi, '')
    .replace(/<script[\s\S]*?>[\s\S]*?<\/script>/gi, '')
    .replace(/<[\s\S]*?>/g, '')
    .replace(
      /&(?:#x([0-9a-fA-F]+)|#(\d+)|(\w+));/g,
      (reference, hex?: string, decimal?: string, name?: string) => {
        if (name !== undefined) return spaceEntities[name] ?? reference
        const code = Number.parseInt(hex ?? decimal ?? '', hex === undefined ? 10 : 16)
        return code <= 0x10ffff ? String.fromCodePoint(code) : reference
      },
    )
}

/** The named references to white space that 2.1.15 decodes (`name2codepoint`; `&nbsp;` as a space). */
const spaceEntities: Readonly<Record<string, string>> = {
  nbsp: ' ',
  ensp: '\u2002',
  emsp: '\u2003',
  thinsp: '\u2009',
}
