/**
 * Text the card draws beside, above or below the line, read apart from the
 * text it stands by, so stripping tags does not join them into one token:
 * - a ruby gloss (`<rt>`) is read after its base in parentheses, as a browser
 *   without ruby shows it (`<ruby>108<rt>x</rt></ruby>` reads `108 (x)`, not
 *   `108x`);
 * - a superscript is read `^` and a subscript `_` before it, as math's are
 *   (`2<sup>16</sup>` reads `2^16`, two numbers, not the number 216;
 *   `x<sub>1</sub>` reads `x_1`, one indexed name, as `$x_1$` does).
 * Found on the tree parse5 builds (an `<rt>` may end where its `<ruby>` does,
 * without `</rt>`) and written in by source offsets, so the rest stays byte for
 * byte. Run on HTML whose hidden text is already cut: a gloss that shows no
 * text gets no marks.
 */
import type { DefaultTreeAdapterMap } from 'parse5'
import { parseFragment } from 'parse5'

type ChildNode = DefaultTreeAdapterMap['childNode']
type Element = DefaultTreeAdapterMap['element']

/** Where a gloss's own text begins and ends, and what the reading puts there. */
const marks: Readonly<Record<string, readonly [string, string]>> = {
  rt: [' (', ')'],
  sup: ['^', ''],
  sub: ['_', ''],
}

const mayGloss = /<(?:rt|sup|sub)\b/i

interface Insert {
  at: number
  text: string
}

/** The `html` with each gloss's marks written in (see the module's comment). */
export function withGlossesApart(html: string): string {
  if (!mayGloss.test(html)) return html
  const inserts: Insert[] = []
  const stack: ChildNode[] = [...parseFragment(html, { sourceCodeLocationInfo: true }).childNodes]
  while (stack.length > 0) {
    const node = stack.pop() as ChildNode
    if (!('tagName' in node)) continue
    stack.push(...node.childNodes)
    const mark = marks[node.tagName]
    const place = node.sourceCodeLocation
    if (mark === undefined || place == null || textOf(node).trim() === '') continue
    const open = place.startTag?.endOffset ?? place.startOffset
    const close = place.endTag?.startOffset ?? place.endOffset
    inserts.push({ at: open, text: mark[0] }, { at: close, text: mark[1] })
  }
  // Later places first, so each insert leaves the offsets before it as they were.
  inserts.sort((a, b) => b.at - a.at)
  let output = html
  for (const insert of inserts) {
    output = output.slice(0, insert.at) + insert.text + output.slice(insert.at)
  }
  return output
}

function textOf(element: Element): string {
  let text = ''
  for (const child of element.childNodes) {
    if (child.nodeName === '#text' && 'value' in child) text += child.value
    else if ('tagName' in child) text += textOf(child)
  }
  return text
}
