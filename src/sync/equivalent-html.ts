/**
 * Field HTML that differs from decklab's only in how it is spelled, not in
 * what a browser makes of it. The Obsidian_to_Anki plugin renders with
 * showdown, which writes void elements XHTML-style (`<br />`, `<img … />`),
 * where decklab writes `<br>`: on a plugin vault's first sync nearly every
 * multi-line field differed by that alone, and was reported and rewritten as
 * an update though the card shows the same. Showdown also gives each heading
 * an `id` (`<h1 id="headersaresupportedtoo">`), which decklab does not.
 * Only those two are taken as equal: the `/` of a void element's start tag
 * is ignored by HTML parsers wherever it stands, and a heading's id shows
 * nothing (no stock template's CSS names one); other differences (the
 * plugin's `text</p>\n<p>text`, its code's stylesheet `<link>`) render
 * differently. Entities (`&quot;` in decklab's code, `"` in the plugin's)
 * are not: decklab's own spelling of them is not one form (`&quot;`, `'`,
 * the plugin's `&#039;` in math), and the record's hash of what was synced
 * is taken to be invariant here (anki-edits.ts).
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

/** `html` spelled as decklab spells it, where the plugin's spelling shows the same. */
export function decklabSpelling(html: string): string {
  return withoutHeadingIds(withoutVoidSlashes(html))
}

/** Whether two field values are the same HTML up to void elements' slashes and headings' ids. */
export function equivalentFieldHtml(a: string, b: string): boolean {
  return a === b || decklabSpelling(a) === decklabSpelling(b)
}

/** The fields spelled as decklab spells them (see `decklabSpelling`). */
export function decklabSpellingIn(
  fields: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).map(([name, value]) => [name, decklabSpelling(value)]),
  )
}
