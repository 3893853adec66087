/**
 * What a field's HTML holds but the card does not show as readable text,
 * found on the tree the browser builds (parse5, as the sanitizer parses it)
 * and cut out of the HTML by source offsets, so the rest stays byte for byte:
 * - a box the card never draws (`display: none`, which the sanitizer keeps;
 *   `<rp>`, as Chromium shows ruby): cut with its tags, as it takes no room;
 * - text under a box that hides all it holds, whatever a descendant says:
 *   crossed out (`<s>`, `<del>`, `<strike>`, `text-decoration: line-through`:
 *   it states nothing), `opacity: 0`, `content-visibility: hidden`, a box
 *   narrower than an em that clips what overflows it;
 * - text drawn invisible, unless a descendant shows it again as the browser
 *   would: `visibility: hidden` or `collapse` (undone by `visible`), a
 *   transparent colour (`transparent`, an alpha of 0; undone by a colour), a
 *   font under `minimumReadablePx` (`font-size: 0`, the `font` shorthand's
 *   size, sizes inherited and scaled as the browser does: `em`, `%`,
 *   `smaller`, `<small>`; undone by a readable size), a colour its background
 *   matches (contrast under `minimumContrast`, on the day-mode card: decklab's
 *   dark text on white, `<mark>` on yellow; a style's or `<font color>`'s
 *   colour, a background's colour and every stop of its gradients), text that starts
 *   `offScreenPx` or more right of the field (left margins, paddings and
 *   drawn borders as they add up, `text-indent`: on a line that wraps, an
 *   indent or an inline margin pushes only what starts it, `pastFirstLine`; and aligning right or to
 *   the middle of a box wider than a screen), and a word a line that cannot
 *   break pushes there (`wordsOnScreen`), or past the right edge of a box
 *   that clips what overflows it (`clipWidth`: `text-indent: 100%` in it
 *   starts where it ends).
 * Text a `text-transform` draws in another case is replaced by the letters
 * the card shows (`inCase`), and text in small capitals by capitals (`smallCaps`).
 * The sanitizer drops `opacity` and `visibility`; they are read here too, so
 * a wider allowlist cannot make hidden text state a value. A `<details>` a
 * learner opens shows its text.
 */
import type { DefaultTreeAdapterMap } from 'parse5'
import { parseFragmentLinear } from '../text/parse-fragment.js'
import {
  closingParen,
  colourAndAlpha,
  gradientColours,
  type Ink,
  inkShows,
  isTransparent,
  legacyColour,
  opaqueColour,
  over,
  type Rgb,
} from './css-colour.js'

type ParentNode = DefaultTreeAdapterMap['parentNode']
type ChildNode = DefaultTreeAdapterMap['childNode']
type Element = DefaultTreeAdapterMap['element']

/** Text smaller than this (CSS pixels, a fifth of the card's 20 px) cannot be read. */
export const minimumReadablePx = 4

/** Text this far right of the field (CSS pixels) is past the right edge of any screen. */
export const offScreenPx = 4000

/** Text in a colour this close to its background's (WCAG contrast) cannot be told from it. */
export const minimumContrast = 1.1

/**
 * The day-mode colours of decklab's stylesheet read here, as the sheets write them
 * (src/anki/stylesheet.ts, src/render/css.ts: a stage cannot import them); a test
 * holds each to its sheet, so the two cannot drift apart unseen.
 */
export const sheetColours = {
  text: '#1f2328',
  background: '#ffffff',
  link: '#0969da',
  cloze: '#0969da',
  muted: '#59636e',
  markBackground: '#fff3a3',
  codeText: '#24292f',
  codeBackground: '#f6f8fa',
} as const

/**
 * The card's colours in Anki's day mode, the mode Anki starts in. Decided: a colour is
 * judged on the day-mode card. White text on the card's own background shows nothing
 * there, though night mode would show it: a learner in day mode sees a blank, and the
 * answer must be seen whatever the learner's mode.
 */
const dayText: Rgb = opaqueColour(sheetColours.text)!
const dayBackground: Rgb = opaqueColour(sheetColours.background)!

/** The card's font size (decklab's and Anki's `.card`), and the root's (`rem`). */
const cardPx = 20
const rootPx = 16

/** What an element's text inherits from its ancestors. */
interface Inherited {
  invisible: boolean
  clear: boolean
  px: number
  /** The text's colour and the nearest background behind it, where a style sets them and they can be read. */
  ink: { rgb: Rgb; alpha: number } | undefined
  paper: readonly Rgb[] | undefined
  /** Where `ink` or `paper` is not known: the declaration verify could not read (`color: rgb(from white r g b)`). */
  unread: string | undefined
  /** How far right of the field the text starts: the left margins and paddings around it, and its indent. */
  offsetPx: number
  indentPx: number
  /**
   * Where a line after the first starts (the nearest box's left edge: no inline margin nor indent),
   * and how wide the box's lines may be at most (decklab's card, or a width a style sets).
   */
  lineStartPx: number
  lineWidthPx: number
  /** Whether that box grows to what it holds (a cell, an inline block, a flex item): its first line holds the first word. */
  lineGrows: boolean
  /**
   * Whether a line may break between words (`white-space` other than `nowrap`, `pre`), and inside a
   * word too long for it (`overflow-wrap: break-word`, as decklab's card sets, or `word-break`).
   */
  wraps: boolean
  breaksWords: boolean
  /** `letter-spacing` and `word-spacing`, in CSS pixels. */
  letterPx: number
  wordPx: number
  /** Inside `<code>` or `<pre>`, where MathJax reads no formula. */
  code: boolean
  /** `text-transform`: the case the card draws letters in. */
  textCase: 'none' | 'uppercase' | 'lowercase' | 'capitalize'
  /** `font-variant: small-caps` (or `all-small-caps`, `petite-caps`): every letter drawn as a capital. */
  smallCaps: boolean
  /** Where the nearest box that clips what overflows it ends, right of the field: text from there is not drawn. */
  clipPx: number
  /** How lines are aligned, and the width of the box they are aligned in, where a style makes it wider than a screen. */
  align: 'start' | 'end' | 'center'
  boxPx: number | undefined
  /** Set when an ancestor hides all it holds, for good (a line through, a clip): what text becomes. */
  sealed: string | undefined
}

/**
 * Only HTML that can hide or strike anything is parsed (with source offsets, some
 * 100 µs a field): a field without such an element or a style naming a property
 * read here skips the parse.
 */
const mayHide =
  /<(?:s|del|strike|rp|mark|font)\b|\sstyle\s*=[^>]*?(?:display|visibility|opacity|color|font|overflow|line-through|background|margin|padding|border|indent|align|width|spacing|white-space|wrap|break|transform)|<center\b|\salign\s*=|\\(?:color|textcolor|colorbox|style)\b/i

/**
 * Whether `html` holds anything this module reads (else `withoutHiddenText`
 * gives it back unchanged and `unreadColour` finds nothing).
 */
export function mayHideText(html: string): boolean {
  return mayHide.test(html)
}

/** Elements the card shows crossed out. */
const struckTags = new Set(['s', 'del', 'strike'])

interface Cut {
  start: number
  end: number
  by: string
}

/** The `html` without the text the card does not show (see the module's comment). */
export function withoutHiddenText(html: string, math?: MathOnPaper): string {
  if (!mayHide.test(html)) return html
  return cutOut(html, readHidden(html, math).cuts)
}

/**
 * The first colour a style sets that verify cannot read (`color: rgb(from
 * white r g b)`, `background: color(srgb 1 1 1)`, `var(--x, white)`), where it
 * colours text the card would otherwise show; undefined when it reads them all.
 * Whether that text shows is not known: the judge compares no answer it is in.
 */
export function unreadColour(html: string, math?: MathOnPaper): string | undefined {
  if (!mayHide.test(html)) return undefined
  return readHidden(html, math).unread[0]
}

interface HiddenReading {
  cuts: Cut[]
  unread: string[]
}

/**
 * The last field read, kept because the judge asks both for its text
 * (`withoutHiddenText`) and for its unread colours (`unreadColour`): one parse serves both.
 */
let lastReading: { html: string; math: MathOnPaper | undefined; reading: HiddenReading } | undefined

/** The hidden text's cuts, and the colours read as unknown on text that would otherwise show. */
function readHidden(html: string, math: MathOnPaper | undefined): HiddenReading {
  if (lastReading?.html === html && lastReading.math === math) return lastReading.reading
  const reading = readHiddenAfresh(html, math)
  lastReading = { html, math, reading }
  return reading
}

function readHiddenAfresh(html: string, math: MathOnPaper | undefined): HiddenReading {
  const cuts: Cut[] = []
  const unread: string[] = []
  const root: ParentNode = parseFragmentLinear(html, { sourceCodeLocationInfo: true })
  const start: Inherited = {
    invisible: false,
    clear: false,
    px: cardPx,
    ink: { rgb: dayText, alpha: 1 },
    paper: [dayBackground],
    unread: undefined,
    offsetPx: 0,
    indentPx: 0,
    lineStartPx: 0,
    lineWidthPx: cardWidthPx,
    lineGrows: false,
    wraps: true,
    breaksWords: true,
    letterPx: 0,
    wordPx: 0,
    clipPx: offScreenPx,
    textCase: 'none',
    smallCaps: false,
    code: false,
    align: 'start',
    boxPx: undefined,
    sealed: undefined,
  }
  const stack: Array<[ChildNode, Inherited]> = root.childNodes.map((child) => [child, start])
  while (stack.length > 0) {
    const [node, inherited] = stack.pop() as [ChildNode, Inherited]
    // An element the parser implies (a table's `<tbody>`) has no place in the source, but its children do.
    const place = node.sourceCodeLocation
    if (place == null && !('tagName' in node)) continue
    if (node.nodeName === '#text' && place != null) {
      const text = 'value' in node ? node.value : ''
      const by = hiddenTextBecomes(inherited, text, math)
      if (by !== undefined) cuts.push({ start: place.startOffset, end: place.endOffset, by })
      if (inherited.unread !== undefined && by !== ' ' && by !== '' && /\S/.test(text))
        unread.push(inherited.unread)
      continue
    }
    if (!('tagName' in node)) continue
    const style = declarations(node)
    if (isNotDrawn(node, style)) {
      if (place != null) cuts.push({ start: place.startOffset, end: place.endOffset, by: '' })
      continue
    }
    const own = inherit(node, style, inherited)
    // One by one: spread into a call, an element's 200,000 children overflow the stack.
    for (const entry of onItsLine(node, own)) stack.push(entry)
  }
  return { cuts, unread }
}

/** What hidden text is replaced by ('' where it takes no room), or undefined when it shows. */
function hiddenTextBecomes(
  inherited: Inherited,
  text: string,
  math: MathOnPaper | undefined,
): string | undefined {
  if (inherited.sealed !== undefined) return inherited.sealed
  if (inherited.px < minimumReadablePx) return ''
  if (inherited.offsetPx + inherited.indentPx + alignedPx(inherited, text) >= inherited.clipPx) {
    const rest = pastFirstLine(inherited, text)
    if (rest === undefined) return ' '
    const next = { ...inherited, offsetPx: inherited.lineStartPx, indentPx: 0 }
    return hiddenTextBecomes(next, rest, math) ?? escapeText(rest)
  }
  const { ink, paper } = inherited
  if (inherited.invisible) return ' '
  // A colour not opaque is drawn over the paper: `rgba(0, 0, 0, 0.02)` on white is next to white.
  const shows = !inherited.clear && inkShows(ink, paper, minimumContrast)
  const formulas = math !== undefined && !inherited.code && /\\[([]/.test(text)
  // A formula's colours are judged on the paper it stands on (code holds no formula); one of
  // its own shows in text whose colour does not: `\color{white}` on a dark box.
  if (!shows && !formulas) return ' '
  const drawn = formulas
    ? math(text, paper, { colour: inherited.clear ? clearInk : ink, shows })
    : text
  const shown = wordsOnScreen(inherited, drawn)
  if (
    shown === undefined &&
    inherited.textCase === 'none' &&
    !inherited.smallCaps &&
    drawn === text
  )
    return undefined
  const cased = inCase(shown ?? drawn, inherited.textCase)
  return escapeText(inherited.smallCaps ? cased.toUpperCase() : cased)
}

/**
 * What of `text` shows when its first line is pushed off screen (or past a
 * clip) by an indent or an inline margin, padding or border, on a line that
 * wraps in a box no wider than the push: that line holds only the first
 * letter (decklab's card breaks a word too long for its line) or, where
 * words do not break, the first word, and the rest wraps to lines that start
 * at the box's left edge: `<div style="text-indent: 9000px">xx ENOENT</div>`
 * shows `x ENOENT`, as Chromium draws it. Undefined when all of it is hidden
 * (a line that does not wrap, a box wide enough for more on that line, text
 * aligned right or centred, a formula, or the box's own edge off screen).
 */
function pastFirstLine(inherited: Inherited, text: string): string | undefined {
  const { lineStartPx, lineWidthPx, lineGrows, offsetPx, indentPx } = inherited
  if (!inherited.wraps || inherited.align !== 'start' || /\\[([]/.test(text)) return undefined
  if (lineStartPx >= inherited.clipPx || offsetPx + indentPx - lineStartPx < lineWidthPx)
    return undefined
  const first = inherited.breaksWords && !lineGrows ? /^(\s*)\S/u : /^(\s*)\S+/
  return text.replace(first, '$1 ')
}

/**
 * The text with each formula in it (`\(…\)`, `\[…\]`) as drawn on `paper`
 * (its colours; undefined when not known) in `ink`, the text's colour, which
 * a formula's own colour overrides: where that ink does not show, the text
 * outside the formulas is left out (`math-text.ts`, handed in: that module
 * reads `\style` with this one).
 */
export type MathOnPaper = (text: string, paper: readonly Rgb[] | undefined, ink: MathInk) => string

/** The colour text is drawn in (undefined when not known) and whether it shows on its paper. */
export interface MathInk {
  colour: Ink | undefined
  shows: boolean
}

/** A transparent colour. */
const clearInk: Ink = { rgb: [0, 0, 0], alpha: 0 }

/** `text` in the case `text-transform` draws it: `<span style="text-transform: uppercase">enoent</span>` shows ENOENT. */
function inCase(text: string, textCase: Inherited['textCase']): string {
  if (textCase === 'uppercase') return text.toUpperCase()
  if (textCase === 'lowercase') return text.toLowerCase()
  if (textCase === 'capitalize')
    return text.replace(
      /(^|\s)(\p{L})/gu,
      (_, space, letter: string) => space + letter.toUpperCase(),
    )
  return text
}

/** How wide a character is drawn: half an em (narrower than most), and its letter spacing. */
function characterPx(inherited: Pick<Inherited, 'px' | 'letterPx'>): number {
  return inherited.px / 2 + inherited.letterPx
}

/**
 * The text without the words a line that cannot break pushes off screen, or
 * undefined when every word shows. On a line that does not wrap
 * (`white-space: nowrap`) the words run on from where the text starts, spaced
 * by `letter-spacing` and `word-spacing`; where a line wraps but a word does
 * not break (`overflow-wrap: normal`), a word starts its own line and runs on
 * from there. A word shows when its last letter starts on screen.
 */
function wordsOnScreen(inherited: Inherited, text: string): string | undefined {
  if (inherited.wraps && inherited.breaksWords) return undefined
  const character = characterPx(inherited)
  let x = inherited.offsetPx + inherited.indentPx + alignedPx(inherited, text)
  let changed = false
  const shown = text.split(/(\s+)/).map((part) => {
    if (part === '') return part
    if (/^\s/.test(part)) {
      x += character + inherited.wordPx
      return part
    }
    const length = [...part].length
    const start = inherited.wraps ? inherited.offsetPx : x
    x += length * character
    if (start + (length - 1) * character < inherited.clipPx) return part
    changed = true
    return ' '
  })
  return changed ? shown.join('') : undefined
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/**
 * The element's children, each with what it inherits. On a line that does not
 * wrap, a child starts where what is before it on the line ends: an inline
 * block 9000 px wide pushes the text after it off screen, as no line break
 * can take it to the next line. A box or a `<br>` starts a new line.
 */
function onItsLine(element: Element, own: Inherited): Array<[ChildNode, Inherited]> {
  if (own.wraps) return pastTheLineStart(element, own)
  let advance = 0
  return element.childNodes.map((child) => {
    const newLine =
      'tagName' in child && (child.tagName === 'br' || isBox(child, declarations(child)))
    if (newLine) advance = 0
    const placed = advance === 0 ? own : { ...own, offsetPx: own.offsetPx + advance }
    advance = newLine ? 0 : advance + inlineWidth(child, own)
    return [child, placed]
  })
}

/**
 * The element's children on lines that wrap: an indent and an inline margin
 * push only what starts the first line; what follows it on the line (not a
 * box, which starts its own) starts no further right than the box's edge.
 */
function pastTheLineStart(element: Element, own: Inherited): Array<[ChildNode, Inherited]> {
  const after = { ...own, offsetPx: own.lineStartPx, indentPx: 0 }
  let started = false
  return element.childNodes.map((child) => {
    const box = 'tagName' in child && isBox(child, declarations(child))
    const placed = started && !box ? after : own
    // A box or a `<br>` ends the first line; text or an inline's width starts it.
    const ends = box || ('tagName' in child && child.tagName === 'br')
    const text = child.nodeName === '#text' && /\S/.test('value' in child ? child.value : '')
    // Once started, no child's width is asked: inlineWidth reads its whole subtree.
    if (!started && (ends || text || (child.nodeName !== '#text' && inlineWidth(child, own) > 0)))
      started = true
    return [child, placed]
  })
}

/** Whether an element is a box on lines of its own (not inline, nor an inline block). */
function isBox(element: Element, style: ReadonlyMap<string, string>): boolean {
  const display = style.get('display')
  if (display === undefined) return blockTags.has(element.tagName)
  return !/^(?:inline|inline-block|inline-table|inline-flex|inline-grid|none|contents)\b/.test(
    display,
  )
}

/** A node's inline width, measured with the font metrics it was measured under. */
interface Measured {
  px: number
  letterPx: number
  wordPx: number
  width: number
}

/**
 * Each node's inline width, once measured: every inline level asks its first
 * child's width, which reads that child's whole subtree, and the child then asks
 * its own first child's, so unremembered a chain of 2,000 nested `<span>`s was
 * read some 2,000,000 times (seconds a field). The width depends only on the
 * node and the font size and spacings it inherits (`px`, `letterPx`, `wordPx`),
 * which are kept with it. Weak: a field's tree is let go once it is read.
 */
const measured = new WeakMap<ChildNode, Measured>()

function knownWidth(node: ChildNode, inherited: Inherited): number | undefined {
  const known = measured.get(node)
  if (
    known === undefined ||
    !Object.is(known.px, inherited.px) ||
    !Object.is(known.letterPx, inherited.letterPx) ||
    !Object.is(known.wordPx, inherited.wordPx)
  )
    return undefined
  return known.width
}

function remember(node: ChildNode, inherited: Inherited, width: number): void {
  const { px, letterPx, wordPx } = inherited
  measured.set(node, { px, letterPx, wordPx, width })
}

/**
 * How much of a line an inline child takes (a lower bound): its text, or an
 * inline block's width, and its sides. Measured leaves first, without
 * recursion: a field nesting 2,500 elements overflowed the stack.
 */
function inlineWidth(child: ChildNode, inherited: Inherited): number {
  const known = knownWidth(child, inherited)
  if (known !== undefined) return known
  // Elements whose width is the sum of their children's, in the order they were reached.
  const open: Array<{ element: Element; inherited: Inherited; own: Inherited; sides: number }> = []
  const stack: Array<[ChildNode, Inherited]> = [[child, inherited]]
  while (stack.length > 0) {
    const [node, from] = stack.pop() as [ChildNode, Inherited]
    if (knownWidth(node, from) !== undefined) continue
    const own = ownWidth(node, from)
    if (typeof own === 'number') {
      remember(node, from, own)
      continue
    }
    const element = node as Element
    open.push({ element, inherited: from, ...own })
    for (const grandchild of element.childNodes) stack.push([grandchild, own.own])
  }
  // An element was reached before its children: backwards, its children are measured first.
  for (let index = open.length - 1; index >= 0; index -= 1) {
    const { element, inherited: from, own, sides } = open[index] as (typeof open)[number]
    let width = sides
    for (const grandchild of element.childNodes) width += knownWidth(grandchild, own) as number
    remember(element, from, width)
  }
  return knownWidth(child, inherited) as number
}

/**
 * A node's width where it does not depend on its children's (text, an inline
 * block of a set width, what is not drawn), else its sides and what its children inherit.
 */
function ownWidth(
  child: ChildNode,
  inherited: Inherited,
): number | { own: Inherited; sides: number } {
  if (child.nodeName === '#text') {
    const text = 'value' in child ? child.value : ''
    const words = text.split(/\s+/).filter((word) => word !== '')
    return (
      [...text.replace(/\s+/g, ' ')].length * characterPx(inherited) +
      (words.length - 1) * inherited.wordPx
    )
  }
  if (!('tagName' in child)) return 0
  const style = declarations(child)
  if (isNotDrawn(child, style)) return 0
  const own = inherit(child, style, inherited)
  const sides = ['margin', 'padding'].reduce(
    (sum, box) => sum + sidePx(style, box, 'left', own.px) + sidePx(style, box, 'right', own.px),
    leftBorderPx(style, own.px),
  )
  const display = style.get('display') ?? ''
  // An image's `width="9000"` is in CSS pixels.
  const pixels = attribute(child, 'width')
    ?.trim()
    .replace(/^(\d+(?:\.\d+)?)$/, '$1px')
  const width = lengthPx(style.get('width') ?? style.get('min-width') ?? pixels ?? '', own.px)
  if ((/^inline-/.test(display) || child.tagName === 'img') && width !== undefined)
    return sides + width
  return { own, sides }
}

/** A side's value of a box property (`margin-right`, else that side of `margin`), in CSS pixels. */
function sidePx(
  style: ReadonlyMap<string, string>,
  property: string,
  side: 'left' | 'right',
  px: number,
): number {
  const sides = (style.get(property) ?? '').split(/\s+/).filter((value) => value !== '')
  const index = side === 'left' ? [0, 0, 1, 1, 3][sides.length] : [0, 0, 1, 1, 1][sides.length]
  const value = style.get(`${property}-${side}`) ?? sides[index ?? 0]
  return value === undefined ? 0 : (lengthPx(value, px, containerPx) ?? 0)
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

/** A box the card never draws (`display: none`, `<rp>`): it takes no room, and nothing inside shows. */
function isNotDrawn(element: Element, style: ReadonlyMap<string, string>): boolean {
  // A closed `<details>` is drawn: its body is one click away on the answer side, a spoiler, not hidden.
  if (element.tagName === 'rp' || element.tagName === 'template') return true
  return /^none\b/.test(style.get('display') ?? '')
}

/** Why all an element holds is hidden for good, whatever a descendant says: what its text becomes. */
function seals(
  element: Element,
  style: ReadonlyMap<string, string>,
  px: number,
): string | undefined {
  if (struckTags.has(element.tagName)) return ' '
  const decoration = `${style.get('text-decoration') ?? ''} ${style.get('text-decoration-line') ?? ''}`
  if (/\bline-through\b/.test(decoration)) return ' '
  if (/^[+]?(?:0*\.?0+)%?$/.test(style.get('opacity') ?? '')) return ' '
  if (style.get('content-visibility') === 'hidden') return ' '
  return clipsToNothing(element, style, px) ? '' : undefined
}

/** Elements the browser draws as boxes (`width` and `overflow` apply) unless a style makes them inline. */
const blockTags = new Set(
  'div p li blockquote pre table td th ul ol dl dt dd figure figcaption center details h1 h2 h3 h4 h5 h6'.split(
    ' ',
  ),
)

/**
 * A box (not inline) narrower than an em of its font (`width: 0`, `max-width: 10px`)
 * that does not draw what overflows it: of each word it shows a letter at most.
 */
function clipsToNothing(element: Element, style: ReadonlyMap<string, string>, px: number): boolean {
  const display = style.get('display')
  const box = display === undefined ? blockTags.has(element.tagName) : display !== 'inline'
  const overflow = `${style.get('overflow') ?? ''} ${style.get('overflow-x') ?? ''}`
  if (!box || !/\b(?:hidden|clip|scroll|auto)\b/.test(overflow)) return false
  return ['width', 'max-width'].some((property) => {
    const value = style.get(property) ?? ''
    const width = value.endsWith('%') ? undefined : lengthPx(value, px)
    return width !== undefined && width < Math.max(px, minimumReadablePx)
  })
}

/**
 * How wide a box that clips what overflows it (`overflow: hidden` or `clip`)
 * is: its width, min-width and max-width in px or a `%` of the box it is in,
 * and a block without one as wide as that box (decklab's card is at most
 * `cardWidthPx`). Undefined when it clips nothing, or an inline block sizes
 * to what it holds.
 */
function clipWidth(
  element: Element,
  style: ReadonlyMap<string, string>,
  inherited: Inherited,
  px: number,
): number | undefined {
  const display = style.get('display')
  const block = display === undefined ? blockTags.has(element.tagName) : display !== 'inline'
  const overflow = style.get('overflow-x') ?? style.get('overflow')?.split(/\s+/)[0]
  if (!block || overflow === undefined || !/^(?:hidden|clip)$/.test(overflow)) return undefined
  const outerPx = inherited.boxPx ?? cardWidthPx
  const width = (property: string) => lengthPx(style.get(property) ?? '', px, outerPx)
  const set = [width('width'), width('min-width')].filter((value) => value !== undefined)
  const cap = width('max-width') ?? Infinity
  if (set.length > 0) return Math.min(Math.max(...set), cap)
  // Without a width a block fills the box it is in, and an inline block holds its text.
  if (display !== undefined && display !== 'block' && display !== 'list-item') return undefined
  return Math.min(outerPx, cap)
}

/** Where a box `clipWidth` wide ends, its text starting at `contentPx`: text from there is not drawn. */
function clipEdge(
  style: ReadonlyMap<string, string>,
  contentPx: number,
  clipPx: number | undefined,
  px: number,
): number {
  return clipPx === undefined
    ? Infinity
    : contentPx + clipPx + sidePx(style, 'padding', 'right', px)
}

function inherit(
  element: Element,
  style: ReadonlyMap<string, string>,
  inherited: Inherited,
): Inherited {
  const visibility = style.get('visibility')
  const color = style.get('color')
  const px = fontPx(element, style, inherited.px)
  const clip = clipWidth(element, style, inherited, px)
  // In a box that clips, `text-indent: 100%` is as wide as the box: its text starts where the clip ends.
  const place = placed(
    style,
    inherited,
    px,
    clip === undefined ? containerPx : (inherited.boxPx ?? cardWidthPx),
  )
  const { ink, paper, unread } = drawnIn(element, style, inherited)
  const { lineStartPx, lineWidthPx, lineGrows } = lineBox(
    element,
    style,
    inherited,
    px,
    place.offsetPx,
  )
  const { wraps, breaksWords, letterPx, wordPx } = spacing(style, inherited, px)
  const { align, boxPx } = aligned(element, style, inherited, px)
  // Every field by name, in the order of `start`'s: a literal of five spreads cost some 100 µs
  // an element (V8 copies each spread's properties one by one), a field of 20,000 styled
  // paragraphs many seconds.
  return {
    invisible:
      visibility === undefined || /^(?:inherit|unset)$/.test(visibility)
        ? inherited.invisible
        : /^(?:hidden|collapse)$/.test(visibility),
    clear:
      color === undefined || /^(?:inherit|unset|currentcolor)$/.test(color)
        ? inherited.clear && !paintsOpaque(element)
        : isTransparent(color),
    px,
    ink,
    paper,
    unread,
    offsetPx: place.offsetPx,
    indentPx: place.indentPx,
    lineStartPx,
    lineWidthPx,
    lineGrows,
    wraps,
    breaksWords,
    letterPx,
    wordPx,
    clipPx: Math.min(clipEdge(style, place.offsetPx, clip, px), inherited.clipPx),
    textCase: textCase(style.get('text-transform'), inherited.textCase),
    smallCaps: smallCaps(style, inherited.smallCaps),
    code: inherited.code || element.tagName === 'code' || element.tagName === 'pre',
    align,
    boxPx,
    sealed: inherited.sealed ?? seals(element, style, px),
  }
}

/**
 * An element that sets an opaque colour of its own without a style: `<font
 * color>`, whose value HTML reads as an opaque colour whatever it holds, but
 * `transparent`, which it ignores; and Anki's `<span class="cloze">`, a link
 * and a quote, which decklab's stylesheet colours. (`<mark>` keeps its text's colour there.)
 */
function paintsOpaque(element: Element): boolean {
  if (isCloze(element) || sheetColour(element) !== undefined) return true
  const fontColour = element.tagName === 'font' ? attribute(element, 'color')?.trim() : undefined
  return fontColour !== undefined && fontColour !== '' && fontColour.toLowerCase() !== 'transparent'
}

const absoluteSizes: Readonly<Record<string, number>> = {
  'xx-small': 9,
  'x-small': 10,
  small: 13,
  medium: 16,
  large: 18,
  'x-large': 24,
  'xx-large': 32,
  'xxx-large': 48,
}

/** Elements the browser's own stylesheet sets a relative font size on. */
const tagScale: Readonly<Record<string, number>> = {
  small: 1 / 1.2,
  sub: 1 / 1.2,
  sup: 1 / 1.2,
  big: 1.2,
}

/** The element's font size in CSS pixels, from its parent's (`parentPx`). */
function fontPx(element: Element, style: ReadonlyMap<string, string>, parentPx: number): number {
  const own = parentPx * (tagScale[element.tagName] ?? 1)
  const size = style.get('font-size') ?? fontShorthandSize(style.get('font'))
  if (size === undefined) return own
  if (size in absoluteSizes) return absoluteSizes[size] as number
  if (size === 'smaller') return parentPx / 1.2
  if (size === 'larger') return parentPx * 1.2
  return lengthPx(size, parentPx) ?? own
}

/** The size in `font: bold 0 serif`: a length with a unit, or a bare 0 (a bare number is a weight). */
function fontShorthandSize(font: string | undefined): string | undefined {
  if (font === undefined) return undefined
  for (const token of font.split(/\s+/)) {
    const size = token.split('/')[0] ?? ''
    if (size in absoluteSizes || /^(?:smaller|larger)$/.test(size)) return size
    if (/^[+]?(?:\d*\.?\d+)(?:[a-z]+|%)$|^[+]?0*\.?0+$/.test(size)) return size
  }
  return undefined
}

const pxPerUnit: Readonly<Record<string, number>> = {
  px: 1,
  pt: 4 / 3,
  pc: 16,
  in: 96,
  cm: 96 / 2.54,
  mm: 96 / 25.4,
  q: 96 / 101.6,
  rem: rootPx,
}

/** decklab's card at its widest (`.card { max-width: 40em }`, src/anki/stylesheet.ts). */
const cardWidthPx = 40 * cardPx

/** A width to read a `%` of a box's width by: less than any card is wide. */
const containerPx = 300

/**
 * A length in CSS pixels (`em`, `ex`, `ch` of `relativeTo`, a font size; `%` of
 * `percentOf`, by default the same); undefined when it is none we know.
 */
export function lengthPx(
  value: string,
  relativeTo: number,
  percentOf = relativeTo,
): number | undefined {
  const match = /^[+]?(\d*\.?\d+)([a-z]*|%)$/.exec(value)
  if (match === null) return undefined
  const number = Number(match[1])
  const unit = match[2] ?? ''
  if (number === 0) return 0
  if (unit === '') return undefined
  if (unit === '%') return (number / 100) * percentOf
  if (unit === 'em') return number * relativeTo
  if (unit === 'ex' || unit === 'ch') return number * relativeTo * 0.5
  const perUnit = pxPerUnit[unit]
  return perUnit === undefined ? undefined : number * perUnit
}

/** The colour of an element's text and of what is behind it, as far as a style says and it can be read. */
function drawnIn(
  element: Element,
  style: ReadonlyMap<string, string>,
  inherited: Inherited,
): Pick<Inherited, 'ink' | 'paper' | 'unread'> {
  const fontColour = element.tagName === 'font' ? attribute(element, 'color') : undefined
  // A `<font color>` is read as HTML reads it (`ffffff` is white); a style's colour wins over it.
  const legacy = fontColour === undefined ? undefined : legacyColour(fontColour)
  const color = style.get('color') ?? (isCloze(element) ? clozeColour : sheetColour(element))
  const ink =
    color === undefined
      ? legacy === undefined
        ? inherited.ink
        : { rgb: legacy, alpha: 1 }
      : /^(?:inherit|unset|currentcolor)$/.test(color)
        ? inherited.ink
        : // `initial` is CanvasText, black on the day-mode card.
          colourAndAlpha(color === 'initial' ? 'canvastext' : color)
  const paper = backgroundOf(element, style, inherited.paper, ink)
  return { ink, paper, unread: unreadOf(style, color, ink, paper, inherited) }
}

/**
 * The declaration that left the text's colour or its paper unknown: the
 * element's own where it sets one verify cannot read, else the one inherited.
 */
function unreadOf(
  style: ReadonlyMap<string, string>,
  color: string | undefined,
  ink: Ink | undefined,
  paper: readonly Rgb[] | undefined,
  inherited: Inherited,
): string | undefined {
  // Text in a colour not known names it first (a `background: currentcolor` is its colour too).
  if (ink === undefined)
    return inherited.ink !== undefined && color !== undefined ? `color: ${color}` : inherited.unread
  if (paper === undefined && inherited.paper !== undefined) {
    const own = ['background', 'background-color', 'background-image'].find((property) =>
      style.has(property),
    )
    return own === undefined ? `color: ${color}` : `${own}: ${style.get(own)}`
  }
  return paper === undefined ? inherited.unread : undefined
}

/**
 * The colours behind an element's text: its own background where it sets one
 * (a colour, gradients over it, the colour behind a transparent stop or a
 * layer that may not cover the box), else the one behind it; undefined when
 * one cannot be read. `<mark>` is on decklab's yellow (`#fff3a3`); `currentcolor`
 * is the text's own colour, `ink`.
 */
function backgroundOf(
  element: Element,
  style: ReadonlyMap<string, string>,
  behind: readonly Rgb[] | undefined,
  ink: Ink | undefined,
): readonly Rgb[] | undefined {
  const shorthand = style.get('background')
  const image = style.get('background-image') ?? shorthand
  const colour =
    style.get('background-color') ??
    shorthandColour(shorthand) ??
    (element.tagName === 'mark'
      ? markBackground
      : isHighlighted(element)
        ? sheetColours.codeBackground
        : byClass(element, tokenPapers))
  let base = behind
  if (
    colour !== undefined &&
    !isTransparent(colour) &&
    !/^(?:none|inherit|initial|unset)$/.test(colour)
  ) {
    // A colour not opaque lets the one behind it through.
    const read = colour === 'currentcolor' ? ink : colourAndAlpha(colour)
    base =
      read === undefined
        ? undefined
        : read.alpha === 1
          ? [read.rgb]
          : behind?.map((colour) => over(read.rgb, read.alpha, colour))
  }
  if (image === undefined || base === undefined) return base
  const painted = gradientColours(image, base)
  if (painted === undefined) return undefined
  // A gradient fills the box, tiled when repeated; sized or placed and not repeated, the colour under it may show.
  const rest = withoutGradients(shorthand ?? '')
  const sized = style.has('background-size') || rest.includes('/')
  const placed = style.has('background-position') || /\d|left|right|top|bottom|center/.test(rest)
  const repeats = !/no-repeat|repeat-[xy]|space/.test(`${style.get('background-repeat')} ${rest}`)
  const partial = (sized || placed) && !repeats
  return partial ? [...painted, ...base] : painted
}

/** Words of the `background` shorthand that name no colour. */
const backgroundWords =
  /^(?:none|repeat|no-repeat|repeat-x|repeat-y|space|round|fixed|scroll|local|center|left|right|top|bottom|cover|contain|auto|border-box|padding-box|content-box|text)$/

/** The colour the `background` shorthand sets (in its last layer, outside its gradients), if any. */
function shorthandColour(shorthand: string | undefined): string | undefined {
  if (shorthand === undefined) return undefined
  // The last layer: after the last comma outside parentheses (`rgba(0, 0, 0, 0.5)` is one colour).
  const rest = withoutGradients(shorthand)
  let depth = 0
  let start = 0
  for (let index = 0; index < rest.length; index += 1) {
    if (rest[index] === '(') depth += 1
    else if (rest[index] === ')') depth -= 1
    else if (rest[index] === ',' && depth === 0) start = index + 1
  }
  const layer = rest.slice(start)
  return layer
    .match(/#[0-9a-f]+|(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\([^()]*\)|[a-z][a-z-]*/g)
    ?.find((token) => !backgroundWords.test(token))
}

/** A background value with its gradients taken out. */
function withoutGradients(value: string): string {
  let rest = value
  for (let gradient = /[a-z-]*gradient\(/.exec(rest); gradient !== null; ) {
    const end = closingParen(rest, gradient.index + gradient[0].length)
    rest = `${rest.slice(0, gradient.index)} ${rest.slice(end + 1)}`
    gradient = /[a-z-]*gradient\(/.exec(rest)
  }
  return rest
}

/**
 * The colour decklab's stylesheet gives an element's text in day mode (src/anki/stylesheet.ts):
 * a link's blue, a quote's grey and a code block's (`<code class="hljs">`, src/render/css.ts, on
 * its own light grey), whatever colour the text around them has.
 */
function sheetColour(element: Element): string | undefined {
  if (element.tagName === 'a') return sheetColours.link
  if (isHighlighted(element)) return sheetColours.codeText
  if (element.tagName === 'blockquote') return sheetColours.muted
  return byClass(element, tokenInks)
}

/**
 * The day-mode colours decklab's sheet gives highlight.js's token classes
 * (src/render/css.ts), in the sheet's order: where several match, the last
 * wins (`hljs-title.class_` is both classes). A field may use them too:
 * `<span class="hljs-addition">` is on a light green.
 */
export const tokenInks: readonly (readonly [string, string])[] = [
  ...['hljs-comment', 'hljs-quote', 'hljs-meta'].map((name) => [name, '#6e7781'] as const),
  ...['hljs-keyword', 'hljs-selector-tag', 'hljs-literal', 'hljs-doctag', 'hljs-type'].map(
    (name) => [name, '#cf222e'] as const,
  ),
  ...['hljs-string', 'hljs-regexp', 'hljs-addition', 'hljs-attribute'].map(
    (name) => [name, '#0a3069'] as const,
  ),
  ...['hljs-number', 'hljs-symbol', 'hljs-bullet', 'hljs-variable', 'hljs-template-variable'].map(
    (name) => [name, '#0550ae'] as const,
  ),
  ...['hljs-title', 'hljs-title.function_', 'hljs-section', 'hljs-name'].map(
    (name) => [name, '#8250df'] as const,
  ),
  ...['hljs-built_in', 'hljs-title.class_', 'hljs-attr', 'hljs-property'].map(
    (name) => [name, '#953800'] as const,
  ),
  ['hljs-deletion', '#82071e'],
]
export const tokenPapers: readonly (readonly [string, string])[] = [
  ['hljs-deletion', '#ffebe9'],
  ['hljs-addition', '#dafbe1'],
]

/** The colour of the last of `rules` whose classes the element has. */
function byClass(
  element: Element,
  rules: readonly (readonly [string, string])[],
): string | undefined {
  const classes = (attribute(element, 'class') ?? '').split(/\s+/)
  if (!classes.some((name) => name.startsWith('hljs-'))) return undefined
  return rules.findLast(([selector]) =>
    selector.split('.').every((name) => classes.includes(name)),
  )?.[1]
}

/** A code block the renderer highlights (`<pre><code class="hljs">`). */
function isHighlighted(element: Element): boolean {
  return (
    element.tagName === 'code' && (attribute(element, 'class') ?? '').split(/\s+/).includes('hljs')
  )
}

/** decklab's colour for a card's own deletion in day mode (`.card .cloze`, src/anki/stylesheet.ts). */
const clozeColour = sheetColours.cloze

/** Anki's `<span class="cloze">` around a card's own deletion on its answer side. */
function isCloze(element: Element): boolean {
  return (attribute(element, 'class') ?? '').split(/\s+/).includes('cloze')
}

/** decklab's `mark` background in day mode (src/render/css.ts); its text keeps its colour. */
const markBackground = sheetColours.markBackground

function attribute(element: Element, name: string): string | undefined {
  return element.attrs.find((attr) => attr.name === name)?.value
}

/** Where an element's text starts, right of the field: its left margin and padding, and its indent. */
function placed(
  style: ReadonlyMap<string, string>,
  inherited: Inherited,
  px: number,
  indentOf: number,
): Pick<Inherited, 'offsetPx' | 'indentPx'> {
  const left = (property: string) => {
    const value = leftSide(style, property)
    return value === undefined ? 0 : (lengthPx(value, px, containerPx) ?? 0)
  }
  const indent = style.get('text-indent')
  return {
    offsetPx: inherited.offsetPx + left('margin') + left('padding') + leftBorderPx(style, px),
    indentPx: indent === undefined ? inherited.indentPx : (lengthPx(indent, px, indentOf) ?? 0),
  }
}

/**
 * Whether letters are drawn as capitals: small capitals are capitals' shapes
 * at a lowercase letter's height (Chromium draws `font-variant: small-caps`
 * enoent as ENOENT at 70 %), so the learner reads capitals. `unicase` keeps
 * lowercase letters lowercase. The `font` shorthand sets the variant too (to
 * normal unless it names small-caps); a longhand is taken over it.
 */
function smallCaps(style: ReadonlyMap<string, string>, inherited: boolean): boolean {
  const value = style.get('font-variant-caps') ?? style.get('font-variant')
  if (value !== undefined && !/^(?:inherit|unset)$/.test(value))
    return /\b(?:all-)?(?:small|petite)-caps\b/.test(value)
  const font = style.get('font')
  if (font === undefined || /^(?:inherit|unset)$/.test(font)) return inherited
  return /(?:^|\s)small-caps(?:\s|$)/.test(font)
}

/**
 * Where an element's wrapped lines start and how wide they may be: a box's
 * (or inline block's) own, as wide as its width or min-width says (an
 * unknown width, `max-content`, or a box that grows to what it holds, may be
 * any), else its parent's.
 */
function lineBox(
  element: Element,
  style: ReadonlyMap<string, string>,
  inherited: Inherited,
  px: number,
  offsetPx: number,
): Pick<Inherited, 'lineStartPx' | 'lineWidthPx' | 'lineGrows'> {
  const display = style.get('display') ?? ''
  const { lineStartPx, lineWidthPx, lineGrows } = inherited
  if (!isBox(element, style) && !/^inline-/.test(display))
    return { lineStartPx, lineWidthPx, lineGrows }
  const width = (property: string, otherwise: number) => {
    const value = style.get(property)
    if (value === undefined || /^(?:auto|none|inherit|unset|initial)$/.test(value)) return otherwise
    return lengthPx(value, px, inherited.lineWidthPx) ?? Infinity
  }
  // A box that grows to what it holds (a table and its cells, an inline block, a flex or grid
  // container's items) keeps the first word whole on the first line, as Chromium draws it.
  const grows =
    /^(?:table|caption|td|th|tr|tbody|thead|tfoot)$/.test(element.tagName) ||
    /table|flex|grid/.test(display) ||
    (/^inline-/.test(display) && !style.has('width')) ||
    (lineGrows && !style.has('width'))
  const widest = Math.max(width('width', inherited.lineWidthPx), width('min-width', 0))
  return {
    lineStartPx: offsetPx,
    lineWidthPx: Math.min(widest, width('max-width', Infinity)),
    lineGrows: grows,
  }
}

function textCase(
  value: string | undefined,
  inherited: Inherited['textCase'],
): Inherited['textCase'] {
  if (value === undefined || /^(?:inherit|unset)$/.test(value)) return inherited
  const named = /\b(uppercase|lowercase|capitalize)\b/.exec(value)?.[1]
  return (named ?? 'none') as Inherited['textCase']
}

/** How the element's lines break and its letters and words are spaced. */
function spacing(
  style: ReadonlyMap<string, string>,
  inherited: Inherited,
  px: number,
): Pick<Inherited, 'wraps' | 'breaksWords' | 'letterPx' | 'wordPx'> {
  const space = (property: 'letter-spacing' | 'word-spacing', parent: number) => {
    const value = style.get(property)
    if (value === undefined || /^(?:inherit|unset)$/.test(value)) return parent
    return value === 'normal' ? 0 : (lengthPx(value, px) ?? parent)
  }
  const whiteSpace = style.get('white-space')
  const wrap = style.get('overflow-wrap') ?? style.get('word-wrap')
  const wordBreak = style.get('word-break')
  let breaksWords = inherited.breaksWords
  if (wrap !== undefined && !/^(?:inherit|unset)$/.test(wrap))
    breaksWords = /^(?:break-word|anywhere)$/.test(wrap)
  if (wordBreak !== undefined && /^(?:break-all|break-word)$/.test(wordBreak)) breaksWords = true
  return {
    wraps:
      whiteSpace === undefined || /^(?:inherit|unset)$/.test(whiteSpace)
        ? inherited.wraps
        : !/^(?:nowrap|pre)$/.test(whiteSpace),
    breaksWords,
    letterPx: space('letter-spacing', inherited.letterPx),
    wordPx: space('word-spacing', inherited.wordPx),
  }
}

/** The left side's value of a box property: `<property>-left`, else the left one of `<property>`'s sides. */
function leftSide(style: ReadonlyMap<string, string>, property: string): string | undefined {
  const sides = (style.get(property) ?? '').split(/\s+/).filter((side) => side !== '')
  return style.get(`${property}-left`) ?? sides[[0, 0, 1, 1, 3][sides.length] ?? 0]
}

const borderWidths: Readonly<Record<string, number>> = { thin: 1, medium: 3, thick: 5 }
const borderStyles = /^(?:none|hidden|dotted|dashed|solid|double|groove|ridge|inset|outset)$/

/**
 * How wide the left border is drawn (it pushes the text right as a padding
 * does): its width, where a line style draws it (`border-left: 5000px solid`;
 * a width alone, with the style `none`, draws nothing). Longhands win over
 * `border-left`, which wins over `border`.
 */
function leftBorderPx(style: ReadonlyMap<string, string>, px: number): number {
  const shorthand = (style.get('border-left') ?? style.get('border') ?? '').split(/\s+/)
  const lineStyle =
    style.get('border-left-style') ??
    leftSide(style, 'border-style') ??
    shorthand.find((token) => borderStyles.test(token))
  if (lineStyle === undefined || /^(?:none|hidden)$/.test(lineStyle)) return 0
  const width =
    style.get('border-left-width') ??
    leftSide(style, 'border-width') ??
    shorthand.find((token) => token in borderWidths || lengthPx(token, px) !== undefined) ??
    'medium'
  return borderWidths[width] ?? lengthPx(width, px) ?? 0
}

/**
 * How far right aligning moves `text` in its box: to the end (`right`) or the
 * middle of a box wider than a screen, the text taken an em a character wide
 * (no narrower than it is drawn). A line split over elements is taken one
 * element at a time: only a line some thousand pixels long is put further
 * right than it is.
 */
function alignedPx({ align, boxPx, px }: Inherited, text: string): number {
  if (boxPx === undefined || align === 'start') return 0
  const room = boxPx - [...text.trim()].length * px
  return Math.max(0, align === 'end' ? room : room / 2)
}

/** The alignment an element gives its lines (`text-align`, `align`, `<center>`), and the box's width (`width`, `min-width`). */
function aligned(
  element: Element,
  style: ReadonlyMap<string, string>,
  inherited: Inherited,
  px: number,
): Pick<Inherited, 'align' | 'boxPx'> {
  const value =
    style.get('text-align') ??
    attribute(element, 'align')?.toLowerCase() ??
    (element.tagName === 'center' ? 'center' : undefined)
  let align = inherited.align
  if (value !== undefined && !/^(?:inherit|unset)$/.test(value)) {
    align = /^(?:right|end)$/.test(value) ? 'end' : /center$/.test(value) ? 'center' : 'start'
  }
  const display = style.get('display')
  const box = display === undefined ? blockTags.has(element.tagName) : display !== 'inline'
  if (!box) return { align, boxPx: inherited.boxPx }
  // A cell is as wide as its own width says, else its share of the table. (An inline block as
  // wide as its text sits where its parent aligns that text: the parent's box is kept.)
  const ownBox = /^(?:td|th)$/.test(element.tagName) || display === 'table-cell'
  const widths = ['width', 'min-width'].map((property) => {
    const width = style.get(property) ?? ''
    return width.endsWith('%') ? undefined : lengthPx(width, px)
  })
  const set = widths.filter((width): width is number => width !== undefined)
  const maximum = style.get('max-width')
  const cap = maximum === undefined || maximum.endsWith('%') ? undefined : lengthPx(maximum, px)
  if (set.length === 0) return { align, boxPx: ownBox ? undefined : inherited.boxPx }
  const boxPx = Math.min(Math.max(...set), cap ?? Infinity)
  return { align, boxPx }
}
