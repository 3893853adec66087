/**
 * Field HTML that differs from decklab's only in how it is spelled, not in
 * what a browser makes of it. The Obsidian_to_Anki plugin renders with
 * showdown, which writes void elements XHTML-style (`<br />`, `<img … />`),
 * where decklab writes `<br>`: on a plugin vault's first sync nearly every
 * multi-line field differed by that alone, and was reported and rewritten as
 * an update though the card shows the same. Only that spelling is taken as
 * equal: the `/` of a void element's start tag is ignored by HTML parsers
 * wherever it stands, so the card's DOM is the same in any template; other
 * differences (the plugin's `text</p>\n<p>text`) render differently.
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

/** Whether two field values are the same HTML up to void elements' slashes. */
export function equivalentFieldHtml(a: string, b: string): boolean {
  return a === b || withoutVoidSlashes(a) === withoutVoidSlashes(b)
}

/** The fields with their void elements' slashes taken out (see `withoutVoidSlashes`). */
export function withoutVoidSlashesIn(
  fields: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).map(([name, value]) => [name, withoutVoidSlashes(value)]),
  )
}
