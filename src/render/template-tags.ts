/**
 * Anki's legacy template engine (2.1.15) searches the card again after each
 * substitution, so a `{{…}}` in a field's own text is a template tag too:
 * `{{text:Back}}` pastes another field with its HTML decoded (markup the
 * renderer escaped becomes live again), `{{Deck}}` pastes the deck name
 * unescaped, and `{{Front}}{{Front}}` doubles until memory runs out. Each
 * `{` that starts a `{{` is written `&#123;`: the card shows the same
 * braces, and no template engine sees a tag. In a Cloze note's `Text` the
 * cloze openers (`{{c1::`) stay, for Anki's cloze filter consumes them.
 */

const everyPair = /\{(?=\{)/g
const pairNotOpeningCloze = /\{(?=\{)(?!\{c\d+::)/g

/** `html` (a field's final HTML) with no template tag left for Anki to expand. */
export function guardTemplateTags(html: string, keepClozeOpeners: boolean): string {
  if (!html.includes('{{')) return html
  return html.replace(keepClozeOpeners ? pairNotOpeningCloze : everyPair, '&#123;')
}
