/**
 * Fields that are one line of plain words: markdown-it turns them into a
 * paragraph holding the same text, which the renderer then unwraps. About
 * half the fields of a typical deck (most questions) are like this; they
 * skip the parser. The test checks every case against markdown-it itself.
 *
 * Plain means: it starts with a letter (no block marker: list, heading,
 * quote, code, table), ends with no space, holds no newline and only
 * letters, digits, spaces and `,.?'();-:{}` (none starts an inline rule, an
 * entity or HTML, and none needs escaping: cloze deletions `{{c1::…}}` stay
 * as written), and no autolink (`www.`, or a scheme linkify knows).
 */
const plainLine = /^[A-Za-z](?:[A-Za-z0-9 ,.?'();:{}-]*[A-Za-z0-9,.?'();:{}-])?$/
const autolink = /www\.|(?:https?|ftp|mailto):/i

/** The HTML of a plain field (itself), or undefined when the field needs markdown-it. */
export function plainFieldHtml(text: string): string | undefined {
  return plainLine.test(text) && !autolink.test(text) ? text : undefined
}
