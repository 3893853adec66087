/**
 * The warnings of a Cloze note's deletions, judged from its Markdown as the
 * field Anki reads will show them: none at all (`cloze-without-deletion`),
 * each opener no `}}` closes (`unclosed-cloze`), and each empty deletion
 * (`empty-cloze`). What never reaches that field (code, math, comments,
 * dropped elements, a wikilink's target, a link's URL) is left out first.
 */
import type { Diagnostic, Place } from '../diagnostics/diagnostic.js'
import { createNoteReporter } from '../diagnostics/reporter.js'
import { placeInFieldText } from '../diagnostics/text-place.js'
import { parseWikilink, wikilinkText } from '../markdown/wikilink.js'
import { anki2115ReadsNoDeletion, clozeNumbers, unclosedClozeOpeners } from '../model/cards.js'
import { fieldWithAdditions, type Note } from '../model/note.js'
import { writtenFieldName, writtenTypeName } from '../model/translated-note.js'
import { elementsDroppedWithContent } from '../text/dropped-elements.js'
import { hasAnkiCloze, isClozeTypeName } from './cloze.js'
import { maskProtected } from './mask.js'
import type { VaultSettings } from './settings.js'

/**
 * What Anki would make of a Cloze note's deletions, said where the Markdown
 * shows it: none at all, an empty one (`{{c0::…}}` or `{{c1::}}`), an
 * opener never closed.
 */
export function warnClozeProblems(
  note: Note,
  settings: VaultSettings,
  diagnostics: Diagnostic[],
): void {
  const text = fieldWithAdditions(note, 'Text')
  const empties = shownEmptyDeletions(text)
  const openers = shownUnclosedOpeners(text)
  const unclosed = openers[0]?.opener
  // An empty deletion is a deletion, said below as `empty-cloze`, not a missing one.
  if (empties.length === 0 && (!hasAnkiCloze(text) || clozeNumbers(text).length === 0)) {
    createNoteReporter(note, diagnostics).warning(
      'cloze-without-deletion',
      `Unexpected \`${writtenTypeName(note)}\` note without a cloze deletion, expected \`{{c1::…}}\` in \`${writtenFieldName(note, 'Text')}\``,
      {
        hint: /\{\{c0+::/.test(text)
          ? 'Anki numbers cloze deletions from c1: `{{c0::…}}` makes an empty card'
          : unclosed !== undefined
            ? `\`${unclosed}\` is never closed: end the deletion with \`}}\``
            : // The plugin's rule: CurlyCloze reads only types named with `Cloze` (not `Texte à trous`).
              singleBraces.test(text) && !isClozeTypeName(writtenTypeName(note))
              ? `CurlyCloze turns \`{…}\` into a cloze only in a note type whose name contains \`Cloze\` (in Obsidian_to_Anki too), and \`${writtenTypeName(note)}\` does not: write \`{{c1::…}}\``
              : !settings.curlyCloze && singleBraces.test(text)
                ? 'CurlyCloze is off in this vault, so `{…}` is not a cloze'
                : undefined,
      },
    )
  } else {
    // Each one: every opener left open is a card Anki does not make.
    for (const open of openers) {
      createNoteReporter(note, diagnostics).warning(
        'unclosed-cloze',
        `Unexpected \`${open.opener}\` without its closing \`}}\`, expected \`${open.opener}…}}\`: Anki reads it as text and makes no card for it`,
        {
          place:
            open.index === undefined
              ? undefined
              : fieldTextPlace(note, open.index, open.opener.length),
          hint: 'end the deletion with `}}`, or put it in backticks to show it as text',
        },
      )
    }
  }
  if (empties.length === 0) return
  // Once for the note, not for each deletion: a field of 20,000 `{{c1::}}` took a minute.
  const readsNone = anki2115ReadsNoDeletion(
    mayHideClozeMarker.test(text) ? clozeMarkersShown(text) : text,
  )
  for (const empty of empties) warnEmptyDeletion(note, empty, readsNone, diagnostics)
}

/**
 * An empty deletion (`{{c1::}}`), said where it is written, with what its card
 * shows (measured with Anki 2.1.15): `[...]` or its hint, and, when Anki 2.1.15
 * reads no deletion in the field at all, its "Please edit this note…" line.
 */
function warnEmptyDeletion(
  note: Note,
  empty: RegExpMatchArray & { index: number },
  anki2115ReadsNone: boolean,
  diagnostics: Diagnostic[],
): void {
  const place = fieldTextPlace(note, empty.index, empty[0].length)
  const shown = empty[1] ? `[${empty[1]}]` : '[...]'
  createNoteReporter(note, diagnostics).warning(
    'empty-cloze',
    `Unexpected empty cloze deletion \`${empty[0]}\`, expected the text it hides`,
    {
      place,
      hint: anki2115ReadsNone
        ? `the card shows \`${shown}\`, its answer is empty, and Anki 2.1.15 adds "Please edit this note and add some cloze deletions" to it, as it reads no deletion here`
        : `the card shows \`${shown}\` and its answer is empty`,
    },
  )
}

/**
 * Where `length` characters at `index` of a Cloze note's `Text` are in its file: known
 * when they are in the field's own text (not an addition) and the file has it as written.
 */
function fieldTextPlace(note: Note, index: number, length: number): Place | undefined {
  const field = note.fields.Text ?? ''
  const start = note.source.fieldPlace?.('Text')
  if (start?.verbatim !== true || index + length > field.length) return undefined
  return placeInFieldText(field, index, length, start)
}

/**
 * The openers a Cloze field shows (`clozeMarkersShown`) that no `}}` closes, in text
 * order, each with where it is in `text` when known. Looked for in what the field shows only when the
 * Markdown may hide a marker (most notes have none); then each opener of `text` is marked
 * with its own private-use character (U+E000 on), so the mark left before each one found
 * says which it is.
 */
function shownUnclosedOpeners(text: string): Array<{ opener: string; index?: number }> {
  if (!mayHideClozeMarker.test(text)) return unclosedClozeOpeners(text)
  const starts: number[] = []
  const marked = text.replace(clozeOpener, (opener: string, offset: number) => {
    starts.push(offset)
    return starts.length > privateUseCount
      ? opener
      : String.fromCharCode(0xe000 + starts.length - 1) + opener
  })
  const shown = clozeMarkersShown(marked)
  return unclosedClozeOpeners(shown).map((found) => {
    const start = starts[shown.charCodeAt(found.index - 1) - 0xe000]
    return start !== undefined && text.startsWith(found.opener, start)
      ? { opener: found.opener, index: start }
      : { opener: found.opener }
  })
}

/** A cloze opener `{{cN::`. */
const clozeOpener = /\{\{c\d+::/g

/** The characters of the Basic Multilingual Plane's private use area, U+E000 to U+F8FF. */
const privateUseCount = 0x1900

/**
 * A Cloze field's Markdown without what never reaches the field Anki reads as text, so
 * that a cloze marker left in it is one Anki reads:
 * - code and `$` math (the renderer shows a marker there as text; `\(…\)` is escaped
 *   brackets to it, not math);
 * - raw HTML's comments (left out of the field), elements the sanitizer drops with their
 *   content (`<script>…</script>`, to the end when not closed) and tags (a marker in an
 *   attribute is escaped: `marker-in-attribute`);
 * - a wikilink's target (`[[target|alias]]` shows its alias; the target is a URL);
 * - a link's URL and title, an image, a link definition (a URL is percent-encoded, a
 *   title and an image's alt are attributes).
 */
function clozeMarkersShown(text: string): string {
  return withoutRawHtml(maskProtected(text, { escapedMath: false }).text)
    .replace(wikilink, (_, inside: string) => wikilinkText(parseWikilink(inside)))
    .replace(image, '')
    .replace(linkTarget, ']')
    .replace(linkDefinition, '')
}

/**
 * Code or `$` math, which `maskProtected` masks (a backtick, `~~~`, `$`), raw HTML
 * (`<`), a wikilink (`[[`) or a link's target (`](`, `]:`), which `clozeMarkersShown` removes.
 */
const mayHideClozeMarker = /[`$<]|~~~|\[\[|\]\(|\]:/

/** An element the sanitizer drops with its content: `<script>` to `</script>`, or to the end. */
const droppedElement = `<(${elementsDroppedWithContent.join('|')})(?![\\w-])[^>]*>[\\s\\S]*?(?:<\\/\\1\\s*>|$)`

/**
 * Raw HTML's comments, elements dropped with their content, and tags (CommonMark's open
 * and closing tags), whose cloze markers Anki never reads.
 */
const rawHtml = new RegExp(
  `<!--[\\s\\S]*?-->|${droppedElement}|<\\/?[A-Za-z][A-Za-z0-9-]*(?:\\s+[A-Za-z_:][\\w.:-]*(?:\\s*=\\s*(?:[^\\s"'=<>\`]+|'[^']*'|"[^"]*"))?)*\\s*\\/?>`,
  'gi',
)

/**
 * `text` without what `rawHtml` matches, in time linear in its length. Every match ends
 * at a `>` (a comment at a `-->`) or, an element dropped with its content, at the end of
 * the text; so a `<` after the last `>`, or a `<!--` after the last `-->`, starts none.
 * The regex would still try each of them, reading to the end of the text (`[^>]*`,
 * `[\s\S]*?-->`): 100,000 `<!--` took 14 s. They are made to fail at once, in a copy
 * searched in their place (`openersOfNothing`), whose matches are cut from `text`.
 */
function withoutRawHtml(text: string): string {
  if (!text.includes('<')) return text
  let shown = ''
  let from = 0
  for (const match of openersOfNothing(text).matchAll(rawHtml)) {
    shown += text.slice(from, match.index)
    from = (match.index ?? 0) + match[0].length
  }
  return shown + text.slice(from)
}

/**
 * `text`, as long, with each `<` after its last `>`, and the `!` of each `<!--` after
 * its last `-->`, written U+0001: a character no part of `rawHtml` treats otherwise
 * than `!`, which starts no match at `<` either.
 */
function openersOfNothing(text: string): string {
  const lastEnd = text.lastIndexOf('>')
  const lastCommentEnd = text.lastIndexOf('-->')
  return text.replace(/<(!--)?/g, (opener: string, comment: string | undefined, at: number) =>
    at > lastEnd
      ? `\u0001${opener.slice(1)}`
      : comment !== undefined && at + 4 > lastCommentEnd
        ? '<\u0001--'
        : opener,
  )
}

/** A wikilink `[[…]]` (not an embed), as `markdown/wikilink.ts` reads it. */
const wikilink = /(?<!!)\[\[([^[\]\n]+?)\]\]/g

/**
 * An image `![alt](url "title")`: its alt and URL are attributes. An alt with a `[` of its own
 * is not matched (Markdown reads `![a [b](x)` as text and a link): with `[^\]]*`, each `![` of
 * a long run scanned to the next `]`, and 50,000 of them took seconds.
 */
const image = /!\[[^[\]]*\]\((?:[^()]|\([^()]*\))*\)/g

/** A link's `(url "title")` after its `]`. */
const linkTarget = /\]\((?:[^()]|\([^()]*\))*\)/g

/** A link definition `[label]: url "title"`, which renders to nothing. */
const linkDefinition = /^ {0,3}\[[^\]\n]+\]:[^\n]*$/gm

/** `{x}` as CurlyCloze would read it: single braces, not a `{{…}}` of Anki's. */
const singleBraces = /(?<!\{)\{[^{}]+\}(?!\})/

/** `{{c1::}}` or `{{c1::::hint}}`: a deletion that hides nothing. */
const emptyDeletion = /\{\{c\d+::\s*(?:::([^{}]*))?\}\}/g

/**
 * The empty deletions of a Cloze field that the field shows (not one in code, a
 * comment, a wikilink's target…: `clozeMarkersShown`), each at its place in `text`.
 * Looked for in what the field shows only when the Markdown may hide a marker; then
 * each one is marked with two private-use characters that number it (`deletionMark`), so
 * one reading of the field tells them all: a reading for each took the square of the
 * field's length (20,000 `{{c1::}} <` took a minute).
 */
function shownEmptyDeletions(text: string): Array<RegExpMatchArray & { index: number }> {
  const empties = [...text.matchAll(emptyDeletion)].map((match) =>
    Object.assign(match, { index: match.index ?? 0 }),
  )
  if (empties.length === 0 || !mayHideClozeMarker.test(text)) return empties
  let marked = ''
  let from = 0
  empties.forEach((empty, number) => {
    marked += text.slice(from, empty.index) + deletionMark(number)
    from = empty.index
  })
  const shown = new Set<number>()
  for (const found of clozeMarkersShown(marked + text.slice(from)).matchAll(markedDeletion)) {
    const mark = found[1] ?? ''
    const number = (mark.charCodeAt(0) - 0xe000) * privateUseCount + mark.charCodeAt(1) - 0xe000
    if (empties[number]?.[0] === found[2]) shown.add(number)
  }
  return empties.filter((_, number) => shown.has(number))
}

/** The `number`th deletion's mark: two private-use characters, as ordinary as U+0001 to every pattern here. */
function deletionMark(number: number): string {
  return String.fromCharCode(
    0xe000 + Math.floor(number / privateUseCount),
    0xe000 + (number % privateUseCount),
  )
}

/** A deletion mark (`deletionMark`) still before its empty deletion. */
const markedDeletion = /([\ue000-\uf8ff]{2})(\{\{c\d+::\s*(?:::[^{}]*)?\}\})/g
