/**
 * The elements of a field's HTML, parsed as a browser parses it with each
 * node's source offsets, for readers that write text into the HTML at those
 * offsets (`gloss-text.ts`, `list-numbers.ts`).
 */
import type { DefaultTreeAdapterMap } from 'parse5'
import { parseFragmentLinear } from '../text/parse-fragment.js'

type ChildNode = DefaultTreeAdapterMap['childNode']
type Element = DefaultTreeAdapterMap['element']

/**
 * Every element of `html`, each before its children, from the last top-level
 * node to the first (a stack: no recursion, whatever the nesting).
 */
export function* locatedElements(html: string): Generator<Element> {
  const stack: ChildNode[] = [
    ...parseFragmentLinear(html, { sourceCodeLocationInfo: true }).childNodes,
  ]
  while (stack.length > 0) {
    const node = stack.pop() as ChildNode
    if (!('tagName' in node)) continue
    for (const child of node.childNodes) stack.push(child)
    yield node
  }
}
