/**
 * Text the card draws beside, above or below the line, read apart from the
 * text it stands by, so stripping tags does not join them into one token:
 * - a ruby gloss (`<rt>`) is read after its base in parentheses, as a browser
 *   without ruby shows it (`<ruby>108<rt>x</rt></ruby>` reads `108 (x)`, not
 *   `108x`);
 * - a superscript is read `^` before it, as math's is (`2<sup>16</sup>` reads
 *   `2^16`, two numbers, not the number 216); a subscript of digits is read
 *   in subscript digits (`108<sub>10</sub>` reads `108₁₀`: the number 108,
 *   its base no value), any other `_` before it, as in math (`x<sub>i</sub>`
 *   reads `x_i`).
 * Found on the tree parse5 builds (an `<rt>` may end where its `<ruby>` does,
 * without `</rt>`) and written in by source offsets, so the rest stays byte for
 * byte. Run on HTML whose hidden text is already cut: a gloss that shows no
 * text gets no marks.
 */
import type { DefaultTreeAdapterMap } from 'parse5'
import { scripted } from '../text/script-forms.js'
import { locatedElements } from './located-elements.js'
import { type OffsetEdit, withEdits } from './offset-edits.js'

type Element = DefaultTreeAdapterMap['element']

/** Where a gloss's own text begins and ends, and what the reading puts there. */
const marks: Readonly<Record<string, readonly [string, string]>> = {
  rt: [' (', ')'],
  sup: ['^', ''],
  sub: ['_', ''],
}

const mayGloss = /<(?:rt|sup|sub)\b/i

/** Whether `html` has a gloss to read apart (else `withGlossesApart` gives it back unchanged). */
export function mayGlossText(html: string): boolean {
  return mayGloss.test(html)
}

/** The `html` with each gloss's marks written in (see the module's comment). */
export function withGlossesApart(html: string): string {
  if (!mayGloss.test(html)) return html
  const inserts: OffsetEdit[] = []
  for (const node of locatedElements(html)) {
    const mark = marks[node.tagName]
    const place = node.sourceCodeLocation
    if (mark === undefined || place == null || textOf(node).trim() === '') continue
    const digits = node.tagName === 'sub' ? digitText(node) : undefined
    if (digits !== undefined) {
      // The digits only: the spaces around them stay.
      const text = digits.value.replace(/\d+/, (run) => scripted(run, 'sub') ?? run)
      inserts.push({ at: digits.start, end: digits.end, text })
      continue
    }
    const open = place.startTag?.endOffset ?? place.startOffset
    const close = place.endTag?.startOffset ?? place.endOffset
    inserts.push({ at: open, text: mark[0] }, { at: close, text: mark[1] })
  }
  return withEdits(html, inserts)
}

/** An element's one text, when it is ASCII digits written as such (no reference), and where it stands. */
function digitText(element: Element): { value: string; start: number; end: number } | undefined {
  const [only] = element.childNodes
  if (element.childNodes.length !== 1 || only === undefined || !('value' in only)) return undefined
  const place = only.sourceCodeLocation
  if (place == null || !/^\s*\d+\s*$/.test(only.value)) return undefined
  if (place.endOffset - place.startOffset !== only.value.length) return undefined
  return { value: only.value, start: place.startOffset, end: place.endOffset }
}

function textOf(element: Element): string {
  let text = ''
  for (const child of element.childNodes) {
    if (child.nodeName === '#text' && 'value' in child) text += child.value
    else if ('tagName' in child) text += textOf(child)
  }
  return text
}
