/**
 * A depth limit for parsed card HTML. Browsers cap nesting too (Chromium
 * at 512 elements); decklab's tree walks are recursive, so a field of
 * 20,000 nested `<b>` would overflow the stack. Below the limit, markup is
 * replaced by its text, which is all a reader could see of it anyway.
 */
import type { DefaultTreeAdapterMap } from 'parse5'

type ParentNode = DefaultTreeAdapterMap['parentNode']
type ChildNode = DefaultTreeAdapterMap['childNode']

/** Elements deeper than this keep only their text. */
export const maximumDepth = 100

function children(node: ParentNode): ChildNode[] {
  return node.nodeName === 'template' && 'content' in node
    ? node.content.childNodes
    : node.childNodes
}

function isParent(node: ChildNode): node is ChildNode & ParentNode {
  return 'childNodes' in node
}

/** The text of a subtree, without recursion. */
function textOf(node: ParentNode): string {
  let text = ''
  const stack: ChildNode[] = [...children(node)].reverse()
  while (stack.length > 0) {
    const current = stack.pop() as ChildNode
    if (current.nodeName === '#text' && 'value' in current) text += current.value
    else if (isParent(current)) stack.push(...[...children(current)].reverse())
  }
  return text
}

/** Flatten whatever is nested deeper than `maximumDepth` to text; true when something was. */
export function limitDepth(root: ParentNode): boolean {
  let flattened = false
  const stack: Array<[ParentNode, number]> = [[root, 0]]
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [ParentNode, number]
    const list = children(node)
    if (depth >= maximumDepth && list.some(isParent)) {
      const text = textOf(node)
      list.length = 0
      list.push({ nodeName: '#text', value: text, parentNode: node } as ChildNode)
      flattened = true
      continue
    }
    for (const child of list) if (isParent(child)) stack.push([child, depth + 1])
  }
  return flattened
}
