/**
 * Fields that are one line of plain words: markdown-it turns them into a
 * paragraph holding the same text. About half the fields of a typical deck
 * (most questions) are like this; the renderers skip the parser for them (the
 * Anki renderer's HTML is the text itself, the terminal's the text as it is).
 * The test checks every case against markdown-it itself.
 *
 * Plain means: it starts with a letter (no block marker: list, heading,
 * quote, code, table), ends with no space, holds no newline and only
 * letters, digits, spaces and `,.?'();-:{}` (none starts an inline rule, an
 * entity or HTML, and none needs escaping: cloze deletions `{{c1::…}}` stay
 * as written), and no autolink (`www.`, or a scheme linkify knows).
 */
const plainLine = /^[A-Za-z](?:[A-Za-z0-9 ,.?'();:{}-]*[A-Za-z0-9,.?'();:{}-])?$/
const autolink = /www\.|(?:https?|ftp|mailto):/i

/** Whether markdown-it reads `text` as one paragraph holding exactly `text`. */
export function isPlainField(text: string): boolean {
  return plainLine.test(text) && !autolink.test(text)
}
