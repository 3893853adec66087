/**
 * Field HTML as the text a reader sees: what Anki's `text:` filter and its
 * type-answer comparison work from (the preview's templates), and what
 * `decklab verify` judges a card's answer by.
 */
import { closablePart } from './closable-part.js'
import { decodeEntities } from './html-entities.js'

/**
 * HTML to plain text, as Anki's `text:` filter sees it (`strip_html`, then
 * `decode_entities`): comments and tags removed, every character reference
 * decoded once (`&amp;lt;` is `&lt;`), a `<br>` a space.
 */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<br\s*\/?>/gi, ' ')
      .replace(/<[^>]*>/g, ''),
    (decoded) => decoded,
  ).trim()
}

/**
 * The expected answer of `{{type:Field}}` as Anki's reviewer computes it
 * (`html_to_text_line`): line breaks, `<br>` and `<div>` become spaces and
 * sound tags go (looked for in the `closablePart` only), then the HTML is stripped.
 */
export function typeAnswerText(html: string): string {
  const lines = html.replace(/<br\s*\/?>|<div>|\n/gi, ' ')
  const closable = closablePart(lines)
  return htmlToText(closable.replace(/\[sound:[^\]]+\]/g, '') + lines.slice(closable.length))
}
