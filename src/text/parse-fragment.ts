/**
 * parse5's `parseFragment`, in time linear in the fragment's top-level
 * nodes. parse5 builds a fragment under a root element of its own and then
 * moves that root's children out one by one from the front, each move
 * shifting the children left behind (`getFragment`, `_adoptNodes`): the
 * square of the nodes, so a field of 50,000 paragraphs with some raw HTML
 * (800 kB) took 10 s to check and 100,000 took 33 s. Here the children are
 * taken over at once; the parse itself is parse5's, the same tokenizer and
 * tree construction. Here, on the bottom floor, because two stages parse
 * fields: `render` (the sanitizer, the `<img>` finder) and `verify` (hidden
 * text, glosses, list numbers), where a field of 100,000 paragraphs with
 * `<sup>` took `verify` minutes.
 */
import { type DefaultTreeAdapterMap, defaultTreeAdapter, Parser, type ParserOptions } from 'parse5'

type Fragment = DefaultTreeAdapterMap['documentFragment']
type ParentNode = DefaultTreeAdapterMap['parentNode']

/** The fragment `html` parses to, as `parseFragment(html, options)` gives it (parse5's default tree adapter unless `options` names one). */
export function parseFragmentLinear(
  html: string,
  options: ParserOptions<DefaultTreeAdapterMap> = {},
): Fragment {
  const adapter = options.treeAdapter ?? defaultTreeAdapter
  const parser = Parser.getFragmentParser<DefaultTreeAdapterMap>(null, {
    ...options,
    treeAdapter: adapter,
  })
  parser.tokenizer.write(html, true)
  const root = adapter.getFirstChild(parser.document) as ParentNode
  const fragment = adapter.createDocumentFragment()
  fragment.childNodes = root.childNodes
  root.childNodes = []
  for (const child of fragment.childNodes) child.parentNode = fragment
  return fragment
}
