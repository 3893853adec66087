/**
 * Anki 2.1.15's reviewer finds an image's file name by regex before it shows
 * the card (`escapeImages`: `<img[^>]* src=…`), and its greedy `[^>]*` takes
 * the last ` src=` in the tag, wherever it stands. An `alt` or `title`
 * holding ` src=b` is then read as the file name, and quoting it breaks the
 * attribute open: the text after it (a following link's URL) becomes an
 * event handler that runs as the card opens. So every `=` in an image's
 * attribute values but its `src` is written `&#61;`: the browser reads the
 * same text, and no regex finds a ` src=` there.
 */

/** An image tag: decklab writes `>` in attribute values as `&gt;`, so the first `>` ends it. */
const imageTag = /<img\b[^>]*>/gi
/** A double-quoted attribute, as decklab writes them all. */
const quotedAttribute = /(\s+)([^\s=>"'/]+)="([^"]*)"/g

/** `html` (a field's final HTML) with no `=` in an image's attribute values but its `src`. */
export function guardImageAttributes(html: string): string {
  if (!/<img\b/i.test(html)) return html
  return html.replace(imageTag, (tag) =>
    tag.replace(quotedAttribute, (whole, space: string, name: string, value: string) =>
      name.toLowerCase() === 'src' || !value.includes('=')
        ? whole
        : `${space}${name}="${value.replaceAll('=', '&#61;')}"`,
    ),
  )
}
