/**
 * What a field's HTML holds but the card does not show, found on the tree the
 * browser builds (parse5, as the sanitizer parses it) and cut out of the HTML
 * by source offsets, so the rest stays byte for byte:
 * - a box the card never draws (`display: none`, which the sanitizer keeps):
 *   cut with its tags, as it takes no room;
 * - text the card shows crossed out (`<s>`, `<del>`, `<strike>`): it states
 *   nothing.
 * Each is cut whole, however its elements nest: a regex that matched the
 * first closing tag of the same name left `<span style="display:none"><span>x</span>ECONNREFUSED</span>`
 * stating ECONNREFUSED.
 */
import type { DefaultTreeAdapterMap } from 'parse5'
import { parseFragment } from 'parse5'

type ParentNode = DefaultTreeAdapterMap['parentNode']
type ChildNode = DefaultTreeAdapterMap['childNode']
type Element = DefaultTreeAdapterMap['element']

/** What an element's text inherits from its ancestors. */
interface Inherited {
  /** Set when an ancestor hides all it holds, for good (a line through): what text becomes. */
  sealed: string | undefined
}

/** Only HTML that can hide or strike anything is parsed: most fields skip the parse. */
const mayHide = /<(?:s|del|strike)\b|\sstyle\s*=/i

/** Elements the card shows crossed out. */
const struckTags = new Set(['s', 'del', 'strike'])

interface Cut {
  start: number
  end: number
  by: string
}

/** The `html` without the text the card does not show (see the module's comment). */
export function withoutHiddenText(html: string): string {
  if (!mayHide.test(html)) return html
  const cuts: Cut[] = []
  const root: ParentNode = parseFragment(html, { sourceCodeLocationInfo: true })
  const start: Inherited = { sealed: undefined }
  const stack: Array<[ChildNode, Inherited]> = root.childNodes.map((child) => [child, start])
  while (stack.length > 0) {
    const [node, inherited] = stack.pop() as [ChildNode, Inherited]
    const place = node.sourceCodeLocation
    if (place == null) continue
    if (node.nodeName === '#text') {
      const by = inherited.sealed
      if (by !== undefined) cuts.push({ start: place.startOffset, end: place.endOffset, by })
      continue
    }
    if (!('tagName' in node)) continue
    const style = declarations(node)
    if (isNotDrawn(node, style)) {
      cuts.push({ start: place.startOffset, end: place.endOffset, by: '' })
      continue
    }
    const own = { sealed: inherited.sealed ?? seals(node) }
    for (const child of node.childNodes) stack.push([child, own])
  }
  return cutOut(html, cuts)
}

function cutOut(html: string, cuts: Cut[]): string {
  if (cuts.length === 0) return html
  cuts.sort((a, b) => a.start - b.start)
  let output = ''
  let position = 0
  for (const cut of cuts) {
    if (cut.start < position) continue
    output += html.slice(position, cut.start) + cut.by
    position = cut.end
  }
  return output + html.slice(position)
}

/** An element's inline style as property → value (lower case, `!important` dropped). */
function declarations(element: Element): Map<string, string> {
  const style = new Map<string, string>()
  const attribute = element.attrs.find((attr) => attr.name === 'style')
  if (attribute === undefined) return style
  for (const declaration of attribute.value.split(';')) {
    const colon = declaration.indexOf(':')
    if (colon < 0) continue
    const property = declaration.slice(0, colon).trim().toLowerCase()
    const value = declaration
      .slice(colon + 1)
      .replace(/!\s*important\s*$/i, '')
      .trim()
      .toLowerCase()
    style.set(property, value)
  }
  return style
}

/** A box the card never draws (`display: none`): it takes no room, and nothing inside shows. */
function isNotDrawn(element: Element, style: ReadonlyMap<string, string>): boolean {
  if (element.tagName === 'template') return true
  return /^none\b/.test(style.get('display') ?? '')
}

/** Why all an element holds is hidden for good, whatever a descendant says: what its text becomes. */
function seals(element: Element): string | undefined {
  return struckTags.has(element.tagName) ? ' ' : undefined
}
