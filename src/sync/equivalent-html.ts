/**
 * Field HTML that differs from decklab's only in how it is spelled, not in
 * what a browser makes of it. The Obsidian_to_Anki plugin renders with
 * showdown, which writes void elements XHTML-style (`<br />`, `<img … />`),
 * where decklab writes `<br>`: on a plugin vault's first sync nearly every
 * multi-line field differed by that alone, and was reported and rewritten as
 * an update though the card shows the same. Showdown also gives each heading
 * an `id` (`<h1 id="headersaresupportedtoo">`), which decklab does not, and
 * leaves a text's quotes as they are (`"`, `'`), where decklab writes
 * `&quot;` (and `&#039;` in math). Only those three are taken as equal: the
 * `/` of a void element's start tag is ignored by HTML parsers wherever it
 * stands, a heading's id shows nothing (no stock template's CSS names one),
 * and a quote's character reference in text is the quote; other differences
 * (the plugin's `text</p>\n<p>text`, its code's stylesheet `<link>`) render
 * differently. The one spelling (`oneSpelling`) is what the sync record
 * hashes (plan.ts, `syncedFieldsHash`): decklab's own output is not in it
 * (`&quot;`), so the record's hash holds for every spelling of the fields.
 */

// A void element's start tag, whole: one run of `[^<>]` to its `>`, so a long
// tag is read once (a lazy attribute run beside `\s*` took time the square of it).
const voidTag =
  /<(area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)(?=\s|\/>)([^<>]*)>/gi

/** `html` with its void elements' self-closing slashes taken out (and their names in lower case). */
export function withoutVoidSlashes(html: string): string {
  if (!html.includes('/>')) return html
  return html.replace(voidTag, (whole, name: string, rest: string) => {
    if (!rest.endsWith('/')) return whole
    const attributes = rest.slice(0, -1)
    const trimmed = attributes.trimEnd()
    // `<img src=a/>`: unquoted, the slash is the value's (`a/`), not the tag's.
    if (trimmed !== '' && trimmed === attributes && !/["']$/.test(trimmed)) return whole
    return `<${name.toLowerCase()}${trimmed}>`
  })
}

// A heading's start tag as showdown writes it, its id the one attribute. Not `answer`:
// the stock templates' `<hr id=answer>`, to which Anki scrolls, would then be the heading.
const showdownHeading = /<h([1-6]) id="(?!answer")[^"<>]*">/g

/** `html` with the ids showdown gives headings taken out (`<h1 id="x">` → `<h1>`). */
export function withoutHeadingIds(html: string): string {
  return html.includes(' id="') ? html.replace(showdownHeading, '<h$1>') : html
}

// A tag, whole (skipped: a quote's reference in an attribute value is no quote of the text),
// or a quote's character reference (`&quot;`, `&#34;`, `&#x22;`; `&#039;`, `&#39;`, `&#x27;`, `&apos;`).
const quoteReference = /<[^<>]*>|&(?:quot|#0*34|#[xX]0*22|(apos|#0*39|#[xX]0*27));/g

/** `html` with the quotes of its text as characters (`&quot;` → `"`, `&#039;` → `'`), its tags as they are. */
export function withQuoteCharacters(html: string): string {
  if (!html.includes('&')) return html
  return html.replace(quoteReference, (whole, apostrophe: string | undefined) => {
    if (whole.startsWith('<')) return whole
    return apostrophe === undefined ? '"' : "'"
  })
}

/** `html` in one spelling of the ones that show the same (see the top of this file). */
export function oneSpelling(html: string): string {
  return withQuoteCharacters(withoutHeadingIds(withoutVoidSlashes(html)))
}

/** Whether two field values are the same HTML up to void elements' slashes, headings' ids and quotes' spelling. */
export function equivalentFieldHtml(a: string, b: string): boolean {
  return a === b || oneSpelling(a) === oneSpelling(b)
}

/**
 * The fields as an older decklab's record hashed Anki's copy of a plugin note
 * it left unchanged (before 2026-12-07): void slashes and headings' ids out,
 * quotes as spelled (`&#039;` in the math of both, kept so).
 */
export function formerSpellingIn(fields: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).map(([name, value]) => [
      name,
      withoutHeadingIds(withoutVoidSlashes(value)),
    ]),
  )
}

/** The fields in one spelling (see `oneSpelling`). */
export function oneSpellingIn(fields: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).map(([name, value]) => [name, oneSpelling(value)]),
  )
}
