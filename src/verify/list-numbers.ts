/**
 * The numbers an ordered list draws before its items, where they are the
 * author's own: a list that does not count from 1 (`<ol start="108">`, which
 * Markdown writes for `108. That is the whole array.`), counts down
 * (`reversed`), or sets an item's number (`<li value="7">`). The card shows
 * `108. That is the whole array.`, so the answer states 108. A list counting
 * 1, 2, 3 is read without its numbers, as before: they are counters, not
 * claims. Only decimal markers are written (`type="1"` or none, no
 * `list-style-type` other than `decimal`). Found on the tree parse5 builds and
 * written in by source offsets; run on HTML whose hidden text is already cut.
 */
import type { DefaultTreeAdapterMap } from 'parse5'
import { locatedElements } from './located-elements.js'
import { type OffsetEdit, withEdits } from './offset-edits.js'

type Element = DefaultTreeAdapterMap['element']

const mayNumber = /<(?:ol\b[^>]*\s(?:start|reversed)\b|li\b[^>]*\svalue\s*=)/i

/** Whether `html` has a list whose numbers are the author's (else `withListNumbers` gives it back unchanged). */
export function mayNumberText(html: string): boolean {
  return mayNumber.test(html)
}

/** The `html` with the numbers its lists draw before their items written in (see the module's comment). */
export function withListNumbers(html: string): string {
  if (!mayNumber.test(html)) return html
  const inserts: OffsetEdit[] = []
  for (const node of locatedElements(html)) {
    if (node.tagName === 'ol') for (const insert of numbers(node)) inserts.push(insert)
  }
  return withEdits(html, inserts)
}

function numbers(list: Element): Array<{ at: number; text: string }> {
  const items = list.childNodes.filter(
    (child): child is Element => 'tagName' in child && child.tagName === 'li',
  )
  const start = integer(attribute(list, 'start'))
  const reversed = attribute(list, 'reversed') !== undefined
  const own = items.some((item) => integer(attribute(item, 'value')) !== undefined)
  if (!decimal(list) || ((start ?? 1) === 1 && !reversed && !own)) return []
  const step = reversed ? -1 : 1
  let next = start ?? (reversed ? items.length : 1)
  const inserts: Array<{ at: number; text: string }> = []
  for (const item of items) {
    const number = integer(attribute(item, 'value')) ?? next
    next = number + step
    const place = item.sourceCodeLocation
    const at = place?.startTag?.endOffset
    if (at !== undefined && decimal(item)) inserts.push({ at, text: `${number}. ` })
  }
  return inserts
}

/** `list-style` words naming markers other than decimal numbers. */
const otherMarkers =
  /(?:^|\s)(?:none|disc|circle|square|decimal-leading-zero|lower-[a-z]+|upper-[a-z]+|armenian|georgian|hebrew|[a-z]+-(?:ideographic|formal|informal)|cjk-[a-z]+|hiragana[a-z-]*|katakana[a-z-]*|disclosure-[a-z]+|"|')/

/** Whether an element's list markers are decimal numbers (as far as its `type` and style say). */
function decimal(element: Element): boolean {
  const type = attribute(element, 'type')
  if (type !== undefined && type !== '1') return false
  const style = (attribute(element, 'style') ?? '').toLowerCase()
  const marker = /list-style(?:-type)?\s*:\s*([^;]*)/.exec(style)?.[1]?.trim()
  return marker === undefined || !otherMarkers.test(marker)
}

function integer(value: string | undefined): number | undefined {
  return value !== undefined && /^\s*-?\d+\s*$/.test(value) ? Number(value) : undefined
}

function attribute(element: Element, name: string): string | undefined {
  return element.attrs.find((attr) => attr.name === name)?.value
}
