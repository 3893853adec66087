/**
 * The math check of a rendered field: no card made from it may show Anki's
 * MathJax a macro that links, styles, names, loads or defines (the list is
 * in `math-scan.ts`). Math reaches MathJax from `$…$` and `$$…$$` and from
 * `\(…\)` and `\[…\]` written as text or in raw HTML, which the sanitizer
 * keeps as text; so the check reads the text MathJax reads, card by card:
 *
 * - Each card's HTML: the field as written, and in a Cloze note every
 *   cloze number's question and answer as Anki 2.1.15 writes them (a cloze
 *   inside math is not wrapped in a span) and as Anki's Rust core does
 *   (spans, then every tag inside `\(…\)` and `\[…\]` removed).
 * - Parsed as the browser parses it (parse5), in the runs of text MathJax
 *   searches for math: a `<br>` is a line break and a `<wbr>` nothing
 *   (MathJax 3), any other element ends the run, and `<code>` and `<pre>`
 *   are skipped unless their class holds "process" (MathJax's
 *   `tex2jax_process`, `mathjax_process`).
 * - In a run that holds a delimiter (`\(`, `\)`, `\[`, `\]`, and what
 *   MathJax 2.7 finds with its default settings: `$$`, `\begin`, `\end`,
 *   `\ref`, `\eqref`), from the first opening to the last closing one (to
 *   the edge of the run where the math could start or end in the next
 *   field), every control word: `\` and the ASCII letters after it, from
 *   every `\` (so `\\href` counts too).
 * - After mhchem's `\ce` or `\pu`, which writes new TeX from its argument
 *   (and joins it to what follows), the rest of the math is read again
 *   with everything but letters and `\` left out, and a control word
 *   counts when it starts with a refused name.
 */
import { type DefaultTreeAdapterMap, parse } from 'parse5'
import { InternalError } from '../errors.js'
import { hasCloze, renderCloze } from '../model/cloze-filter.js'
import { chemistryMacros, longestRefusedName, type MathHarm, refusedMacro } from './math-scan.js'
import type { RenderEnvironment } from './render-environment.js'

type ChildNode = DefaultTreeAdapterMap['childNode']
type Element = DefaultTreeAdapterMap['element']

/** A refused macro found in a field's math. */
export interface UnsafeMacro {
  /** The control word without its `\`. */
  name: string
  harm: MathHarm
  /** True when only mhchem's rewrite of `\ce{…}` or `\pu{…}` writes it. */
  assembled: boolean
}

export interface MathCheckResult {
  macros: UnsafeMacro[]
  /** True when the field has too many clozes to check every card (nothing is proved then). */
  tooManyCards: boolean
}

/** Field length × cloze numbers checked at most (each number makes four views): keeps hostile fields linear. */
export const clozeCheckLimit = 2_000_000

/** Tags MathJax does not look inside (the sanitizer already drops all but `code` and `pre`). */
const skippedTags = new Set([
  'code',
  'pre',
  'script',
  'noscript',
  'style',
  'textarea',
  'annotation',
  'annotation-xml',
])
const processClass = /process/i

/** Anki's Rust core (`text.rs`): what it removes as HTML. */
const ankiTag = /<!--[\s\S]*?-->|<[\s\S]*?>/g

/** What MathJax can take for a math delimiter: opening, closing, or either (`$$`, `\ref`). */
const delimiter = /\\[([]|\\[)\]]|\$\$|\\(?:begin|end|eqref|ref)(?![A-Za-z])/g
const controlWord = /\\([A-Za-z]+)/g
const chemistry = new RegExp(`\\\\(?:${[...chemistryMacros].join('|')})(?![A-Za-z])`)

/** Every refused macro MathJax could read on a card made from this field HTML. */
export function unsafeMath(html: string, cloze: boolean): MathCheckResult {
  const views = cardViews(html, cloze)
  const found = new Map<string, UnsafeMacro>()
  if (views === undefined) return { macros: [], tooManyCards: true }
  for (const view of views) {
    for (const run of textRuns(view)) {
      const math = mathIn(run)
      if (math !== undefined) findRefused(math, found)
    }
  }
  return { macros: [...found.values()], tooManyCards: false }
}

/** The field as written and, in a Cloze note, every card's side of it; undefined over budget. */
function cardViews(html: string, cloze: boolean): string[] | undefined {
  if (!cloze || !html.includes('{{c')) return [html]
  const numbers = clozeNumbers(html)
  if (numbers.size * html.length > clozeCheckLimit) return undefined
  // Two sides, each as Anki 2.1.15 writes it and as Anki's Rust core does.
  const views = [html]
  for (const number of numbers) {
    if (!hasCloze(html, number)) continue
    for (const side of ['question', 'answer'] as const) {
      views.push(renderCloze(html, { number, side }, { spans: false }))
      views.push(withoutTagsInMath(renderCloze(html, { number, side })))
    }
  }
  return views
}

function clozeNumbers(html: string): Set<number> {
  const numbers = new Set<number>()
  for (const match of html.matchAll(/\{\{c(\d+)::/g)) numbers.add(Number(match[1]))
  return numbers
}

/**
 * Anki's `strip_html_inside_mathjax`: from each `\(` or `\[` to the next
 * `\)` or `\]`, tags and comments removed. Its pattern (`\\[(\[](.*?)\\[\])]`)
 * is found here without backtracking, in time linear in the field: when the
 * first opening has no closing after it, no later one has.
 */
function withoutTagsInMath(html: string): string {
  const opening = /\\[([]/g
  const closing = /\\[)\]]/g
  let output = ''
  let position = 0
  for (;;) {
    opening.lastIndex = position
    const open = opening.exec(html)
    if (open === null) break
    closing.lastIndex = open.index + 2
    const close = closing.exec(html)
    if (close === null) break
    output += `${html.slice(position, open.index + 2)}${html.slice(open.index + 2, close.index).replace(ankiTag, '')}${close[0]}`
    position = close.index + 2
  }
  return output + html.slice(position)
}

/**
 * The runs of text MathJax searches for math, in document order. The HTML
 * is parsed as the card's body: Anki sets it as a `<div>`'s content, where a
 * stray `</td>` or `</div>` is dropped, unlike in parse5's default fragment
 * context (and parse5's fragment step costs time quadratic in the number of
 * top-level nodes).
 */
function textRuns(html: string): string[] {
  const runs: string[] = []
  let run = ''
  const endRun = () => {
    if (run !== '') runs.push(run)
    run = ''
  }
  const endOfElement = null
  const stack: Array<ChildNode | typeof endOfElement> = []
  const pushChildren = (nodes: readonly ChildNode[]) => {
    for (let index = nodes.length - 1; index >= 0; index -= 1) stack.push(nodes[index] as ChildNode)
  }
  pushChildren(bodyOf(html).childNodes)
  while (stack.length > 0) {
    const node = stack.pop()
    if (node === undefined || node === endOfElement) {
      endRun()
      continue
    }
    if (node.nodeName === '#text' && 'value' in node) run += node.value
    if (!('tagName' in node)) continue
    if (node.tagName === 'br') run += '\n'
    if (node.tagName === 'br' || node.tagName === 'wbr') continue
    endRun()
    if (!skippedTags.has(node.tagName) || processClass.test(classOf(node))) {
      stack.push(endOfElement)
      pushChildren(node.childNodes)
    }
  }
  endRun()
  return runs
}

/** The body of the document made of `html` as a card's content. */
function bodyOf(html: string): Element {
  const root = parse(`<!DOCTYPE html><body>${html}`).childNodes.find(
    (node) => node.nodeName === 'html',
  )
  const body =
    root && 'childNodes' in root
      ? root.childNodes.find((node) => node.nodeName === 'body')
      : undefined
  if (body === undefined || !('tagName' in body))
    throw new InternalError('expected parse5 to make a body')
  return body
}

function classOf(element: Element): string {
  return element.attrs.find((attribute) => attribute.name === 'class')?.value ?? ''
}

/**
 * The part of a run that can be math: from its first opening delimiter to
 * its last closing one; from the start of the run when a closing one comes
 * first, and to its end when an opening one comes last (the math may open
 * or close in the next field). Undefined when the run has no delimiter.
 */
function mathIn(run: string): string | undefined {
  let first: RegExpExecArray | undefined
  let last: RegExpExecArray | undefined
  for (const match of run.matchAll(delimiter)) {
    first ??= match
    last = match
  }
  if (first === undefined || last === undefined) return undefined
  const start = opensOnly(first[0]) ? first.index : 0
  const end = closesOnly(last[0]) ? last.index + last[0].length : run.length
  return run.slice(start, end)
}

function opensOnly(found: string): boolean {
  return found === '\\(' || found === '\\[' || found === '\\begin'
}

function closesOnly(found: string): boolean {
  return found === '\\)' || found === '\\]' || found === '\\end'
}

/** Add the refused macros of one piece of math to `found`. */
function findRefused(math: string, found: Map<string, UnsafeMacro>): void {
  for (const [, name = ''] of math.matchAll(controlWord)) {
    const harm = refusedMacro(name)
    if (harm !== undefined && found.get(name)?.assembled !== false) {
      found.set(name, { name, harm, assembled: false })
    }
  }
  const chemistryAt = math.search(chemistry)
  if (chemistryAt === -1) return
  const letters = math.slice(chemistryAt).replace(/[^A-Za-z\\]/g, '')
  for (const [, word = ''] of letters.matchAll(controlWord)) {
    for (let length = 1; length <= Math.min(word.length, longestRefusedName); length += 1) {
      const name = word.slice(0, length)
      const harm = refusedMacro(name)
      if (harm === undefined) continue
      if (!found.has(name)) found.set(name, { name, harm, assembled: true })
      break
    }
  }
}

/** What each harm means on a card, for the message. */
const harmText: Record<MathHarm, string> = {
  link: 'make a link (a `javascript:` link runs script when clicked)',
  css: 'apply CSS (`url(…)` loads from the web; a fixed box over the page takes every click)',
  attribute: "set an id, class or attribute (an id can take over Anki's `typeans` box)",
  font: 'choose a font by name',
  image: "load an image (KaTeX's `\\includegraphics`)",
  load: 'load extensions or change its settings',
  definition: 'define a macro, which can assemble any of these from harmless pieces',
}

/** Names shown in one message at most. */
const shownNames = 6

/** `\name` for a message, a long one cut. */
function shownMacro(macro: UnsafeMacro): string {
  const name = macro.name.length > 40 ? `${macro.name.slice(0, 37)}…` : macro.name
  return macro.assembled ? `\`\\${name}\` (as mhchem writes it)` : `\`\\${name}\``
}

/** Record an error for the refused macros the field's math holds (the field is left as it is). */
export function checkMath(html: string, environment: RenderEnvironment): void {
  const { macros, tooManyCards } = unsafeMath(html, environment.cloze)
  const hint =
    'Math goes to MathJax as written, so decklab refuses macros that link, style, name, load or define (docs/sanitizer.md); write a link in Markdown (`[text](https://…)`), emphasise with `\\color{red}{…}`, `\\colorbox{yellow}{…}` or `\\boxed{…}`, and write a macro out instead of defining it'
  if (tooManyCards) {
    environment.problems.push({
      severity: 'error',
      code: 'unsafe-math',
      message: `Unexpected Cloze field of ${html.length} characters with ${clozeNumbers(html).size} cloze numbers, expected length × clozes at most ${clozeCheckLimit.toLocaleString('en')} to check the math of every card; a card could show MathJax in Anki a macro that links, styles or loads`,
      hint,
    })
    return
  }
  if (macros.length === 0) return
  const names = macros.slice(0, shownNames).map(shownMacro)
  if (macros.length > shownNames) names.push(`${macros.length - shownNames} more`)
  const harms = [...new Set(macros.map((macro) => harmText[macro.harm]))]
  const first = macros[0]!
  environment.problems.push({
    severity: 'error',
    code: 'unsafe-math',
    needle: first.assembled ? undefined : `\\${first.name}`,
    message: `Unexpected ${names.join(', ')} in math, expected math that only draws (no link, CSS, id, class, extension or macro definition); MathJax in Anki would ${joinAnd(harms)}`,
    hint,
  })
}

function joinAnd(parts: readonly string[]): string {
  return parts.length <= 1
    ? (parts[0] ?? '')
    : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`
}
