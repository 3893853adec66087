/**
 * What Anki's cloze expansion can put together that the field as written
 * does not hold. A card shows another number's deletion as its bare text
 * and the asked one as `[hint]`, so text on either side of a cloze marker
 * meets: `{{c2::x{}}{text:Back Extra}}` becomes the template tag
 * `x{{text:Back Extra}}` on card 1 (Anki 2.1.15 searches the card again after
 * each substitution, and `text:` pastes the other field with its HTML
 * decoded), and `[{{c2::s}}ound:/etc/passwd]` or `{{c1::x::sound:/etc/passwd}}`
 * becomes a sound tag the player opens. The guards of `template-tags.ts`
 * and `sound-tags.ts` see only the field as written; this expands every
 * card as Anki does and looks again.
 */
import { clozeNumbers } from '../model/cards.js'
import { type ClozeView, renderCloze } from '../model/cloze-filter.js'
import { guardSoundTags } from './sound-tags.js'

/** A `{{` with a `}}` after it: a tag to Anki's template engine. */
const templateTag = /\{\{[\s\S]*?\}\}/

/** Expanded characters checked per field at most: beyond it, a field is not proved safe. */
const checkBudget = 4_000_000

/**
 * What a join needs, as written: a `{` that ends a deletion or its text
 * before a hint (`{}}`, `{::`), comes right after one (`}}{`) or before an
 * opener (`{{{c`); a `[` with a `:` before the next `]` (a sound tag's own
 * bracket, its `sound:` split by a marker anywhere); or a hint that starts
 * with `sound:` (a card shows the hint in brackets of Anki's). The `[` looked
 * for is the last before that `:`, so no `[` lies between: `\[[^\]]*:` ran from
 * each `[` of a run to the run's end, and 40,000 `[` in a Cloze field took
 * seconds, quadratic.
 */
const joinable = /\{(?:\}\}|::)|\}\}\{|\{\{\{c|\[[^\][:]*:|::sound:/i

/**
 * False only when no expansion of `text` can join a `{{` or a `[sound:` that
 * it does not hold as written (see `joinable`). Cheap, and as true of the
 * Markdown as of its HTML: what turns into these characters (a `\` escape,
 * a character reference) sends a field to the HTML check anyway.
 */
export function mayJoinAcrossClozes(text: string): boolean {
  return text.includes('{{c') && joinable.test(text)
}

/** What a card of a Cloze field would show that the field does not, said for a message. */
export type ClozeJoin =
  | { kind: 'joined'; what: string }
  | { kind: 'unchecked'; numbers: number; length: number }

/**
 * What some card of a Cloze field (its final HTML, template tags and sound
 * tags guarded) would show that the field does not: a template tag, or a
 * sound tag that names no media file, with its card; or that the field has
 * too many cards to check. Undefined when every card is safe.
 */
export function clozeJoin(html: string): ClozeJoin | undefined {
  if (!mayJoinAcrossClozes(html)) return undefined
  const numbers = clozeNumbers(html)
  if (numbers.length * html.length * 4 > checkBudget) {
    return { kind: 'unchecked', numbers: numbers.length, length: html.length }
  }
  for (const number of numbers) {
    for (const side of ['question', 'answer'] as const) {
      const view: ClozeView = { number, side }
      // Anki 2.1.15 writes the asked cloze without its span inside math: both are checked.
      for (const spans of [true, false]) {
        const card = renderCloze(html, view, { spans })
        const tag = templateTag.exec(card)?.[0]
        if (tag !== undefined)
          return { kind: 'joined', what: `template tag \`${tag}\` on card ${number}` }
        const [sound] = guardSoundTags(card).refused
        if (sound !== undefined) {
          return { kind: 'joined', what: `sound tag \`[sound:${sound}]\` on card ${number}` }
        }
      }
    }
  }
  return undefined
}
