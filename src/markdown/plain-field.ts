/**
 * Fields that are one line of plain words: markdown-it turns them into a
 * paragraph holding the same text. Most fields of a typical deck (questions,
 * one-line answers naming `SOCK_STREAM` or `/tmp/app.sock`) are like this; the
 * renderers skip the parser for them (the Anki renderer's HTML is the text
 * itself, the terminal's the text as it is). The test checks every case
 * against markdown-it itself.
 *
 * Plain means: it starts with a letter (no block marker: list, heading,
 * quote, code, table), ends with no space, holds no newline and only
 * letters, digits, spaces and `,.?'();-:{}/=%+!_` (none needs escaping, and
 * none starts an inline rule, an entity or HTML on its own: cloze deletions
 * `{{c1::…}}` stay as written, `!` is an image only before `[`), and none of
 * what markdown-it or decklab's rules read in them: an autolink (`www.`, a
 * scheme linkify knows, or its scheme-less `//`), a highlight (`==`), an Obsidian comment (`%%`), or an
 * `_` that is not inside a word (`SO_PEERCRED`: between two letters or digits
 * an underscore can neither open nor close emphasis; `_x_` and `a__` can).
 */
const plainLine = /^[A-Za-z](?:[A-Za-z0-9 ,.?'();:{}/=%+!_-]*[A-Za-z0-9,.?'();:{}/=%+!_-])?$/
const readByMarkdown = /www\.|(?:https?|ftp|mailto):|\/\/|==|%%|[^A-Za-z0-9]_|_(?![A-Za-z0-9])/i

/** Whether markdown-it reads `text` as one paragraph holding exactly `text`. */
export function isPlainField(text: string): boolean {
  return plainLine.test(text) && !readByMarkdown.test(text)
}
