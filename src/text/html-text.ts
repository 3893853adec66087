/**
 * Field HTML as the text a reader sees: what Anki's `text:` filter and its
 * type-answer comparison work from (the preview's templates), and what
 * `decklab verify` judges a card's answer by.
 */
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
 * sound tags go, then the HTML is stripped. Sound tags are looked for only
 * up to the last `]`: the pattern, tried from each `[sound:` after it, ran to
 * the end each time (quadratic over many `[sound:` without a `]`).
 */
export function typeAnswerText(html: string): string {
  const lines = html.replace(/<br\s*\/?>|<div>|\n/gi, ' ')
  const closable = lines.lastIndexOf(']') + 1
  return htmlToText(
    lines.slice(0, closable).replace(/\[sound:[^\]]+\]/g, '') + lines.slice(closable),
  )
}
