/**
 * Field HTML that differs from decklab's only in how it is spelled, not in
 * what a browser makes of it. The Obsidian_to_Anki plugin renders with
 * showdown, which writes void elements XHTML-style (`<br />`, `<img … />`),
 * where decklab writes `<br>`: on a plugin vault's first sync nearly every
 * multi-line field differed by that alone, and was reported and rewritten as
 * an update though the card shows the same. Showdown also gives each heading
 * an `id` (`<h1 id="headersaresupportedtoo">`), which decklab does not, and
 * leaves a text's quotes as they are (`"`, `'`), where decklab writes
 * `&quot;` (math both escape, `&#039;`, but an older plugin left it as it
 * was, and so may an edit in Anki); it indents a blockquote's lines
 * (`<blockquote>\n  <p>a<br />\n  b`), leaves a link's `&` raw
 * (`href="?a=1&b=2"`) and a `<` and `>` it took for a tag's (`a < b, c > d`).
 * Only those six are taken as equal: the `/` of a void
 * element's start tag is ignored by HTML parsers wherever it stands, a
 * heading's id shows nothing (no stock template's CSS names one), a quote's
 * character reference in text is the quote, whitespace between block-level
 * tags makes no line and spaces that start a line are not laid out (outside
 * `<pre>` and where a style may keep them), and a raw `&` that can start no
 * character reference is read as `&amp;` is, and so are a `>` outside a tag
 * and a `<` that can start none as `&gt;` and `&lt;`; other differences
 * (the plugin's `text</p>\n<p>text`, its code's stylesheet `<link>`) render
 * differently. The one spelling (`oneSpelling`) is what the sync record
 * hashes (plan.ts, `syncedFieldsHash`): decklab's own output is not in it
 * (`&quot;`), so the record's hash holds for every spelling of the fields.
 * It also leaves out the spaces the plugin's "Add Obsidian Tags" leaves
 * where it took out a `#tag` (`withoutTagSpaces`), which show on a card only
 * where its template puts text beside the field: the sync asks the note
 * type's templates before it takes those as equal (hidden-spaces.ts).
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

// A block-level element's tag (a table's parts too), whole, between which and another only
// whitespace stands: a browser lays out no line of it. Not `pre` (its text is what it shows),
// nor inline tags. A line after a `<br>` starts with its text: the spaces before it collapse.
const blockTag =
  '</?(?:blockquote|caption|dd|div|dl|dt|h[1-6]|hr|li|ol|p|table|tbody|td|tfoot|th|thead|tr|ul)(?=[\\s/>])[^<>]*>'
const lineBreak = '<br(?=[\\s/>])[^<>]*>'
const blockIndent = new RegExp(
  `(${blockTag})\\n[ \\t]+(?=${blockTag})|(${lineBreak})\\n[ \\t]+`,
  'gi',
)
// The indents decklab took out from 2026-12-07 until the table's tags and `<br>` above (its records hash so).
const formerBlockTag = '</?(?:blockquote|dd|div|dl|dt|h[1-6]|hr|li|ol|p|ul)(?=[\\s/>])[^<>]*>'
const formerBlockIndent = new RegExp(`(${formerBlockTag})\\n[ \\t]+(?=${formerBlockTag})`, 'gi')
// Where whitespace shows, or a style may make it show: a field with one is left as it is,
// but for `<pre>`, whose text is skipped (showdown's code block stands in its blockquote).
const keepsWhitespace = /<(?:textarea|listing|xmp|plaintext|style|script)(?=[\s/>])|white-space/i
const preTag = /<(\/?)pre(?=[\s/>])[^<>]*>/gi

/**
 * `html` with the indent showdown gives a blockquote's lines taken out
 * (`<blockquote>\n  <p>a<br />\n  b` → `<blockquote>\n<p>a<br />\nb`): only
 * a newline's spaces between two block-level tags or after a `<br>`,
 * outside `<pre>`.
 */
export function withoutBlockIndents(html: string, indent = blockIndent): string {
  if (!html.includes('\n ') && !html.includes('\n\t')) return html
  if (keepsWhitespace.test(html)) return html
  const outside = (part: string) =>
    part.replace(indent, (_, tag?: string, lineBreak?: string) => `${tag ?? lineBreak ?? ''}\n`)
  let out = ''
  let from = 0
  let depth = 0
  for (const tag of html.matchAll(preTag)) {
    const at = tag.index as number
    const part = html.slice(from, at)
    out += depth === 0 ? outside(part) : part
    out += tag[0]
    from = at + tag[0].length
    depth = tag[1] === '/' ? Math.max(0, depth - 1) : depth + 1
  }
  const rest = html.slice(from)
  return out + (depth === 0 ? outside(rest) : rest)
}

// The names HTML decodes without a `;` (`&copy` is ©, in text): a raw `&` before one is no `&amp;`.
const legacyNames =
  'AElig|AMP|Aacute|Acirc|Agrave|Aring|Atilde|Auml|COPY|Ccedil|ETH|Eacute|Ecirc|Egrave|Euml|GT|' +
  'Iacute|Icirc|Igrave|Iuml|LT|Ntilde|Oacute|Ocirc|Ograve|Oslash|Otilde|Ouml|QUOT|REG|THORN|' +
  'Uacute|Ucirc|Ugrave|Uuml|Yacute|aacute|acirc|acute|aelig|agrave|amp|aring|atilde|auml|brvbar|' +
  'ccedil|cedil|cent|copy|curren|deg|divide|eacute|ecirc|egrave|eth|euml|frac12|frac14|frac34|gt|' +
  'iacute|icirc|iexcl|igrave|iquest|iuml|laquo|lt|macr|micro|middot|nbsp|not|ntilde|oacute|ocirc|' +
  'ograve|ordf|ordm|oslash|otilde|ouml|para|plusmn|pound|quot|raquo|reg|sect|shy|sup1|sup2|sup3|' +
  'szlig|thorn|times|uacute|ucirc|ugrave|uml|uuml|yacute|yen|yuml'
// A raw `&` that starts no character reference, in text and in attributes alike: not `&#`,
// no legacy name after it, and its letters and digits end other than at a `;` (`&b=2`, `& `).
const literalAmpersand = `&(?!#|(?:${legacyNames}))(?=[A-Za-z0-9]*(?:[^A-Za-z0-9;]|$))`
// A tag, whole (only its `href="…"` is read), or such an `&` in text.
const ampersandInText = new RegExp(`<[^<>]*>|${literalAmpersand}`, 'g')
const ampersandInHref = new RegExp(literalAmpersand, 'g')
const hrefValue = /(\shref=")([^"<>]*)"/gi
// Elements whose text is not decoded (`&amp;` is shown as spelled there): left as they are.
const rawText = /<(?:script|style|xmp|iframe|noembed|noframes|noscript|plaintext)(?=[\s/>])/i

/**
 * `html` with each raw `&` that can start no character reference spelled
 * `&amp;`, in text and in `href` values (showdown's links and autolinks:
 * `href="http://x.org/?a=1&b=2"`), where a browser reads the two alike.
 */
export function withAmpersandReferences(html: string): string {
  if (!html.includes('&') || rawText.test(html)) return html
  return html.replace(ampersandInText, (whole) => {
    if (whole === '&') return '&amp;'
    if (!whole.includes('&')) return whole
    return whole.replace(
      hrefValue,
      (_, start: string, url: string) => `${start}${url.replace(ampersandInHref, '&amp;')}"`,
    )
  })
}

// A `<` that can start no tag (not before a letter, `/`, `!` or `?`), which a browser reads as
// text; or a tag, whole (kept); or a `>` outside one, text too.
const angleInText = /<(?![A-Za-z/!?])|<[^<>]*>|>/g

/**
 * `html` with each `<` and `>` a browser reads as text spelled `&lt;` and
 * `&gt;` (showdown leaves `a < b, c > d` so, taking it for a tag, where
 * decklab writes `&lt;`); not in a field with a comment or an element whose
 * text is not decoded.
 */
export function withAngleReferences(html: string): string {
  if (rawText.test(html) || html.includes('<!--')) return html
  return html.replace(angleInText, (whole) => {
    if (whole === '<') return '&lt;'
    return whole === '>' ? '&gt;' : whole
  })
}

/**
 * `html` as an older decklab (before 2026-12-07) took the plugin's spelling
 * to be its own: void slashes and headings' ids out, quotes as spelled.
 */
function formerSpelling(html: string): string {
  return withoutHeadingIds(withoutVoidSlashes(html))
}

/** `html` in one spelling of the ones that show the same (see the top of this file). */
function sameShowingSpelling(html: string): string {
  const spelled = withQuoteCharacters(withAngleReferences(formerSpelling(html)))
  return withAmpersandReferences(withoutBlockIndents(spelled))
}

// Spaces a browser lays out nowhere, unless a style keeps them: those before a line break.
// A run is read once, and what follows it looked at once (a lookahead after `+` took the
// square of a long run's length).
const spaceRun = /[ \t]+/g
const lineBreakStart = /^<br[\s/>]/i
const spaceBeforeBreak = /[ \t]<br[\s/>]/i
const edgeSpace = /[ \t\n]/

/** `html` without its spaces, tabs and newlines at the start and end. */
function withoutEdgeSpaces(html: string): string {
  let start = 0
  let end = html.length
  while (start < end && edgeSpace.test(html[start] as string)) start += 1
  while (end > start && edgeSpace.test(html[end - 1] as string)) end -= 1
  return html.slice(start, end)
}

/**
 * `html` without the spaces the Obsidian_to_Anki plugin leaves where it took
 * out a `#tag` ("Add Obsidian Tags": `What is ATP? #bio` → `What is ATP? `):
 * at the field's start and end, and before a `<br>`. Those before a `<br>`
 * show on no card while no style keeps spaces; those at the edges show
 * where a template puts text beside the field (`{{Front}}?`), which
 * hidden-spaces.ts reads. A field with `<pre>` or a style that may keep
 * spaces is left as it is.
 */
export function withoutTagSpaces(html: string): string {
  if (!/^[ \t\n]|[ \t\n]$/.test(html) && !spaceBeforeBreak.test(html)) return html
  if (keepsWhitespace.test(html) || /<pre(?=[\s/>])/i.test(html)) return html
  const beforeBreaks = html.replace(spaceRun, (run, at: number) =>
    lineBreakStart.test(html.slice(at + run.length, at + run.length + 4)) ? '' : run,
  )
  return withoutEdgeSpaces(beforeBreaks)
}

/**
 * `html` in the one spelling the sync record hashes: the spellings that show
 * the same, and without the spaces a removed `#tag` left (`withoutTagSpaces`).
 * Those spaces are taken out of the hash whatever the templates, so that a
 * note left as the plugin stored it is Anki's copy as synced; whether they
 * are shown, and the note rewritten, `equivalentBesideTagSpaces` tells with
 * the note type's templates.
 */
export function oneSpelling(html: string): string {
  return sameShowingSpelling(withoutTagSpaces(html))
}

/**
 * `html` in the one spelling of decklab's records from 2026-12-07 (1848e41f)
 * until a `<br>`'s indent, a table's and a `<` or `>` taken for a tag's were
 * taken as spellings too: a record it wrote still holds.
 */
function earlierOneSpelling(html: string): string {
  const spelled = withQuoteCharacters(formerSpelling(html))
  return withAmpersandReferences(withoutBlockIndents(spelled, formerBlockIndent))
}

/** Whether two field values are the same HTML in one spelling of those that show the same. */
export function equivalentFieldHtml(a: string, b: string): boolean {
  return a === b || sameShowingSpelling(a) === sameShowingSpelling(b)
}

/**
 * Whether two field values differ at most in how they are spelled and in
 * the spaces a removed `#tag` left (`withoutTagSpaces`): the same card
 * where the note type shows no space at the field's edges.
 */
export function equivalentBesideTagSpaces(a: string, b: string): boolean {
  return oneSpelling(a) === oneSpelling(b)
}

/**
 * The fields as an older decklab's record hashed Anki's copy of a plugin note
 * it left unchanged (before 2026-12-07): void slashes and headings' ids out,
 * quotes as spelled (`&#039;` in the math of both, kept so).
 */
export function formerSpellingIn(fields: Readonly<Record<string, string>>): Record<string, string> {
  return spelledIn(fields, formerSpelling)
}

/** The fields in the one spelling of records written before the last ones were added (`earlierOneSpelling`). */
export function earlierOneSpellingIn(
  fields: Readonly<Record<string, string>>,
): Record<string, string> {
  return spelledIn(fields, earlierOneSpelling)
}

/**
 * The fields in the one spelling of decklab's records from 2026-12-07
 * until the spaces a removed `#tag` left were taken out of it
 * (`withoutTagSpaces`): a record it wrote still holds.
 */
export function spelledWithTagSpacesIn(
  fields: Readonly<Record<string, string>>,
): Record<string, string> {
  return spelledIn(fields, sameShowingSpelling)
}

/** The fields in one spelling (see `oneSpelling`). */
export function oneSpellingIn(fields: Readonly<Record<string, string>>): Record<string, string> {
  return spelledIn(fields, oneSpelling)
}

/** Each field's value respelled by `spelling`, under its name. */
function spelledIn(
  fields: Readonly<Record<string, string>>,
  spelling: (html: string) => string,
): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, spelling(value)]))
}
