/**
 * A cap on how deep parse5 may nest a field's HTML. Each start tag of a
 * block element (`<div>`, `<p>`, `<ul>`…) makes parse5 walk its whole stack
 * of open elements (the HTML standard's "has a `p` element in button
 * scope"), so 100,000 nested `<div>` (500 KB) took 90 s to check: quadratic
 * in the nesting. With at most `maximumOpenElements` open elements, every
 * walk is short and a parse stays linear in the field. Chromium nests no
 * deeper either (it hangs deeper elements on the 512th).
 */
import type { DefaultTreeAdapterMap, TreeAdapter } from 'parse5'
import { escapeHtml } from '../text/escape-html.js'

/** The most elements parse5 may hold open while parsing a field. */
export const maximumOpenElements = 512

/** Thrown from inside parse5 when a field opens more than `maximumOpenElements` at once. */
export class DeepMarkupError extends Error {
  constructor() {
    super(`markup nested deeper than ${maximumOpenElements} elements`)
    this.name = 'DeepMarkupError'
  }
}

/**
 * `adapter`, counting open elements: parse5 tells the adapter of every push
 * onto its stack of open elements and every pop from it, so the count is the
 * stack's size. A fresh adapter per parse.
 */
export function boundedAdapter(
  adapter: TreeAdapter<DefaultTreeAdapterMap>,
): TreeAdapter<DefaultTreeAdapterMap> {
  let open = 0
  return {
    ...adapter,
    onItemPush(item) {
      if (++open > maximumOpenElements) throw new DeepMarkupError()
      adapter.onItemPush?.(item)
    },
    onItemPop(item, newTop) {
      open--
      adapter.onItemPop?.(item, newTop)
    },
  }
}

const markerEscapes: Record<string, string> = { '[': '&#91;', '{': '&#123;', '}': '&#125;' }

/**
 * A field too deep to parse, as inert text: every tag becomes a space and
 * the rest is escaped, character references and Anki's `{{c1::` and
 * `[sound:` markers included. Without a parse, text in a comment or a
 * `<textarea>` can't be told from the card's, so no marker may live.
 */
export function deepMarkupText(html: string): string {
  return escapeHtml(html.replace(/<[^<>]*>/g, ' ')).replace(
    /[[{}]/g,
    (character) => markerEscapes[character] ?? character,
  )
}
