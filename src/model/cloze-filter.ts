/**
 * Anki's `{{cloze:Field}}` filter, as its Rust core does it (rslib
 * `cloze.rs`): clozes may nest, a `::` in a cloze's own text starts its hint,
 * a `}}` with no open cloze is text, and an unterminated cloze stays as
 * written. A rule of the card model: the renderer checks that each card's
 * expansion is safe, and the preview shows the cards with it.
 */

/** Which card of the note is shown and which side. */
export interface ClozeView {
  /** The cloze number asked on this card (ord + 1). */
  number: number
  side: 'question' | 'answer'
}

interface ClozeNode {
  number: number
  /** Text (already HTML) and nested clozes, in order. */
  children: Array<string | ClozeNode>
  hint: string | undefined
  /** The opening marker as written (for unterminated clozes). */
  opening: string
}

const tokenPattern = /\{\{c(\d+)::|\}\}/g

/** Split field HTML into text and clozes (nested). */
function parseClozes(text: string): Array<string | ClozeNode> {
  const output: Array<string | ClozeNode> = []
  const open: ClozeNode[] = []
  const pushText = (piece: string) => {
    if (piece === '') return
    const current = open.at(-1)
    if (!current) {
      output.push(piece)
      return
    }
    // A `::` in a cloze's own text starts its hint (split at the first; a later piece's hint wins).
    const separator = piece.indexOf('::')
    if (separator >= 0) {
      current.children.push(piece.slice(0, separator))
      current.hint = piece.slice(separator + 2)
    } else {
      current.children.push(piece)
    }
  }
  let position = 0
  for (const match of text.matchAll(tokenPattern)) {
    pushText(text.slice(position, match.index))
    position = match.index + match[0].length
    if (match[1] !== undefined) {
      open.push({ number: Number(match[1]), children: [], hint: undefined, opening: match[0] })
      continue
    }
    const closed = open.pop()
    if (!closed) {
      pushText('}}')
      continue
    }
    const parent = open.at(-1)
    if (parent) parent.children.push(closed)
    else output.push(closed)
  }
  pushText(text.slice(position))
  // Unterminated clozes are shown as written, opening marker included: each
  // one's text holds the next one's, built from the innermost out (one pass,
  // so thousands of unclosed markers cost linear time).
  let unterminated = ''
  for (let index = open.length - 1; index >= 0; index -= 1) {
    const node = open[index] as ClozeNode
    unterminated = `${node.opening}${childrenText(node)}${unterminated}${hintText(node)}`
  }
  if (unterminated !== '') output.push(unterminated)
  return output
}

/** A cloze's children as written (nested clozes with their markers). */
function childrenText(node: ClozeNode): string {
  return node.children
    .map((child) =>
      typeof child === 'string'
        ? child
        : `${child.opening}${childrenText(child)}${hintText(child)}}}`,
    )
    .join('')
}

function hintText(node: ClozeNode): string {
  return node.hint === undefined ? '' : `::${node.hint}`
}

/** What wraps the asked cloze: Anki's span, nothing, or two marks of the caller's. */
type ClozeWrap = boolean | readonly [string, string]

function renderNodes(
  nodes: ReadonlyArray<string | ClozeNode>,
  view: ClozeView,
  spans: ClozeWrap,
): string {
  return nodes
    .map((node) => {
      if (typeof node === 'string') return node
      if (node.number !== view.number) return renderNodes(node.children, view, spans)
      const shown =
        view.side === 'question'
          ? `[${node.hint === undefined || node.hint.trim() === '' ? '...' : node.hint}]`
          : renderNodes(node.children, view, spans)
      if (typeof spans !== 'boolean') return `${spans[0]}${shown}${spans[1]}`
      return spans ? `<span class="cloze">${shown}</span>` : shown
    })
    .join('')
}

/**
 * Render a field through the cloze filter: on the question the asked cloze
 * becomes `<span class="cloze">[...]</span>` (or `[hint]`), on the answer its
 * text in `<span class="cloze">`; other clozes show their text. With
 * `spans: false` the asked cloze is not wrapped, as Anki 2.1.15 writes a
 * cloze it finds inside MathJax math; with two strings, it is put between
 * them (verify finds a card's own deletions in the text the card shows so).
 */
export function renderCloze(
  fieldHtml: string,
  view: ClozeView,
  options: { spans?: ClozeWrap } = {},
): string {
  return renderNodes(parseClozes(fieldHtml), view, options.spans ?? true)
}

/** True when the field has a cloze with this number (otherwise Anki's card is empty). */
export function hasCloze(fieldHtml: string, number: number): boolean {
  const visit = (nodes: ReadonlyArray<string | ClozeNode>): boolean =>
    nodes.some(
      (node) => typeof node !== 'string' && (node.number === number || visit(node.children)),
    )
  return visit(parseClozes(fieldHtml))
}

/**
 * What the answer side of cloze `number`'s card reveals: the text of each of
 * that cloze's deletions (nested clozes shown, hints dropped), in order.
 */
export function clozeDeletions(fieldHtml: string, number: number): string[] {
  const view: ClozeView = { number, side: 'answer' }
  const found: string[] = []
  const visit = (nodes: ReadonlyArray<string | ClozeNode>): void => {
    for (const node of nodes) {
      if (typeof node === 'string') continue
      if (node.number === number) found.push(renderNodes(node.children, view, false))
      else visit(node.children)
    }
  }
  visit(parseClozes(fieldHtml))
  return found
}

/** The answer side with every deletion between two marks: `everyDeletion`. */
export interface EveryDeletion {
  html: string
  /** The cloze number of each deletion put between the marks, in the order they are written. */
  numbers: number[]
  /** Whether some deletion holds another (then the marks nest). */
  nested: boolean
}

/**
 * The answer side as every card shows it at once: each deletion, whatever
 * its number, between `spans` (hints dropped), and which card each is. Verify
 * reads a note's cards from this one text, in time linear in the field, where
 * nothing in it makes one card's text depend on where another's deletions are.
 */
export function everyDeletion(fieldHtml: string, spans: readonly [string, string]): EveryDeletion {
  const numbers: number[] = []
  let nested = false
  const render = (nodes: ReadonlyArray<string | ClozeNode>, depth: number): string =>
    nodes
      .map((node) => {
        if (typeof node === 'string') return node
        if (depth > 0) nested = true
        numbers.push(node.number)
        return `${spans[0]}${render(node.children, depth + 1)}${spans[1]}`
      })
      .join('')
  const html = render(parseClozes(fieldHtml), 0)
  return { html, numbers, nested }
}
