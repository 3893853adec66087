/**
 * What of a formula MathJax draws as nothing: `\phantom{…}`, `\hphantom{…}`
 * and `\vphantom{…}` take the room of their argument and draw none of it, and
 * a colour that cannot be told from the paper behind it draws its text
 * invisible: `\textcolor{C}{…}`, or `\color{C}` to the end of its group, where
 * C is transparent or, on the paper behind it (the background of the box the
 * formula stands in, as `hidden-text.ts` reads it: the day-mode card's white
 * unless a style sets another; a `\colorbox`'s colour), that colour. What is
 * drawn in the text's own colour (`hidden-text.ts` hands it in) is judged
 * the same way, on a `\colorbox` too; a colour of the formula's own shows
 * what it colours where the text's colour does not. `\style{css}{…}` hides
 * its argument where that CSS would hide a `<span>`'s text. (decklab refuses
 * `\style` and `\class` in math, `unsafe-math`, so no card it ships holds
 * them; `\class` names a class of decklab's stylesheet, none of which hides.)
 * Spaces that push the rest of a row 4000 px or more right put it off screen
 * (`onScreen`), and a strike (`\cancel`, `\enclose{horizontalstrike}`) crosses
 * its argument out, which states nothing, as `<s>` in HTML.
 * `$\phantom{108}$ bytes` shows only "bytes", so the 108 states nothing.
 */
import { colourAndAlpha, inkShows, isTransparent, over, type Rgb } from './css-colour.js'
import {
  lengthPx,
  type MathInk,
  minimumContrast,
  offScreenPx,
  withoutHiddenText,
} from './hidden-text.js'

/** The commands read here, up to their first argument's `{`. */
const commands =
  /\\(?:([hv]?phantom)|(textcolor)|(color)|(colorbox)|(style)|(enclose)|([bx]?cancel)|(cancelto))\s*\{/g

/**
 * The TeX `tex` without what MathJax draws as nothing (see the module's
 * comment), on a paper not known here: a colour hides only where transparent,
 * or as a `\colorbox` behind it. `mathOnPaper` judges colours on the paper
 * the formula stands on first.
 */
export function visibleMath(tex: string): string {
  return drawnMath(onScreen(tex), undefined, unknownInk)
}

/** Text in a colour not known here: it shows. */
const unknownInk: MathInk = { colour: undefined, shows: true }

/** A formula (`\(…\)` or `\[…\]`) and its TeX, in text. */
const formulas = /(\\\(|\\\[)([\s\S]*?)(\\\)|\\\])/g

/**
 * The `text` of a field with each formula in it drawn on `paper` (the day-mode
 * card's white, the background a style sets, or undefined when not known) in
 * `ink`, the text's colour: a colour that cannot be told from it is cut,
 * delimiters kept, and where `ink` does not show, so is the text outside
 * the formulas and what a formula draws in it, not what it draws in a colour
 * of its own (`<div style="background: #222">\(\color{white}{…}\)</div>`).
 */
export function mathOnPaper(
  text: string,
  paper: readonly Rgb[] | undefined,
  ink: MathInk = unknownInk,
): string {
  let output = ''
  let position = 0
  for (const match of text.matchAll(formulas)) {
    const [whole, open, tex = '', close] = match
    output += `${inInk(text.slice(position, match.index), ink)}${open}${drawnMath(tex, paper, ink)}${close}`
    position = match.index + whole.length
  }
  return output + inInk(text.slice(position), ink)
}

/** `text` drawn in `ink`: a space where it does not show (whitespace stays). */
function inInk(text: string, ink: MathInk): string {
  return ink.shows || text.trim() === '' ? text : ' '
}

/** An em of the formula (the card's 20 px) and the spaces that move what follows right. */
const emPx = 20
const spaces =
  /\\(?:hspace\*?\s*\{\s*([^{}]*?)\s*\}|(?:kern|hskip|mkern|mskip)\s*([+]?\d*\.?\d+\s*[a-z]{2})|(q?quad)\b)|\\\\/g

/**
 * The formula without what spaces push 4000 px or more right (`\hspace{9000px}`,
 * `\kern`, `\hskip`, `\mkern`, `\quad`): MathJax does not break a formula's
 * line, so it runs on off screen. A row break (`\\`) starts again at the left.
 */
function onScreen(tex: string): string {
  let output = ''
  // Where the text kept from here starts (the row after a cut row).
  let kept = 0
  let advance = 0
  spaces.lastIndex = 0
  for (let match = spaces.exec(tex); match !== null; match = spaces.exec(tex)) {
    const [whole, hspace, kern, quad] = match
    if (whole === '\\\\') {
      advance = 0
      continue
    }
    const length = (hspace ?? kern ?? '').replace(/\s+/g, '').replace(/mu$/, 'em')
    const muScale = /mu$/.test(kern ?? hspace ?? '') ? 1 / 18 : 1
    advance +=
      quad === undefined
        ? (lengthPx(length, emPx) ?? 0) * muScale
        : quad === 'quad'
          ? emPx
          : 2 * emPx
    if (advance < offScreenPx) continue
    // The rest of the row is cut; the next row (from its `\\`) is read as the formula's start.
    // In a loop, not by recursion on the rest: a row per cut was a frame and a copy each.
    output += `${tex.slice(kept, match.index)} `
    const rowEnd = tex.indexOf('\\\\', match.index + whole.length)
    if (rowEnd < 0) return output
    kept = rowEnd
    advance = 0
    spaces.lastIndex = rowEnd
  }
  return output + tex.slice(kept)
}

/**
 * A stretch of the formula read in one ink on one paper: the whole formula,
 * or a group a command colours, boxes or styles, `[position, to)`; `after`
 * is written once it is read (the group's closing brace, in its ink).
 */
interface Stretch {
  position: number
  to: number
  paper: readonly Rgb[] | undefined
  ink: MathInk
  after: string
}

/** A second argument's opening brace (`\enclose{notation}[attributes]{…}`: the attributes are no argument). */
const secondArgument = /\s*(?:\[[^\]]*\]\s*)?\{/y

/**
 * `tex` without what it draws as nothing or crosses out, on `paper`, in
 * `ink`. A group a command colours is read as a stretch of its own, on a
 * stack, not by recursion on a copy of it: a formula nesting 20,000
 * `\color{white}{` overflowed the call stack, and each level copied and
 * searched the rest, in time the square of the nesting.
 */
function drawnMath(tex: string, paper: readonly Rgb[] | undefined, ink: MathInk): string {
  const closing = closingBraces(tex)
  const next = commandsFrom(tex)
  let output = ''
  const stack: Stretch[] = [{ position: 0, to: tex.length, paper, ink, after: '' }]
  for (let stretch = stack.at(-1); stretch !== undefined; stretch = stack.at(-1)) {
    const match = next(stretch.position)
    if (match === undefined || match.index + match[0].length > stretch.to) {
      output += inInk(tex.slice(stretch.position, stretch.to), stretch.ink) + stretch.after
      stack.pop()
      continue
    }
    const [whole, phantom, textcolor, color, colorbox, , enclose, struck, cancelto] = match
    const { to } = stretch
    const open = match.index + whole.length
    const close = Math.min(closing(open), to)
    const first = tex.slice(open, close)
    output += inInk(tex.slice(stretch.position, match.index), stretch.ink)
    stretch.position = Math.min(to, close + 1)
    if (phantom !== undefined || struck !== undefined) {
      output += ' '
      continue
    }
    if (color !== undefined) {
      // The colour holds to the end of the group; its closing brace stays, as it closes what opened before.
      const own = inkOf(first, stretch.paper)
      const end = Math.min(closing(stretch.position), to)
      output += inInk(tex.slice(match.index, stretch.position), own)
      const group = {
        position: stretch.position,
        to: end,
        paper: stretch.paper,
        ink: own,
        after: '',
      }
      stretch.position = end
      stack.push(group)
      continue
    }
    secondArgument.lastIndex = stretch.position
    const second = secondArgument.exec(tex)
    if (second === null || secondArgument.lastIndex > to) {
      output += inInk(tex.slice(match.index, stretch.position), stretch.ink)
      continue
    }
    const body = stretch.position + second[0].length
    const end = Math.min(closing(body), to)
    stretch.position = Math.min(to, end + 1)
    const hides =
      cancelto !== undefined ||
      (enclose !== undefined
        ? /strike/.test(first)
        : colorbox === undefined && textcolor === undefined && styleHides(first))
    if (hides) {
      output += ` ${cancelto === undefined ? '' : inInk(first, stretch.ink)} `
      continue
    }
    const under = colorbox === undefined ? stretch.paper : boxPaper(first, stretch.paper)
    const own =
      textcolor !== undefined
        ? inkOf(first, stretch.paper)
        : colorbox !== undefined
          ? onPaper(stretch.ink, under)
          : stretch.ink
    output += inInk(tex.slice(match.index, body), own)
    stack.push({ position: body, to: end, paper: under, ink: own, after: inInk('}', own) })
  }
  return output
}

/** Text in `colour` on `paper`: whether it can be told from it (transparent cannot). */
function inkOf(colour: string, paper: readonly Rgb[] | undefined): MathInk {
  const name = colour.trim().toLowerCase()
  const read = isTransparent(name) ? { rgb: [0, 0, 0] as const, alpha: 0 } : colourAndAlpha(name)
  if (read === undefined) return unknownInk
  return { colour: read, shows: read.alpha > 0 && inkShows(read, paper, minimumContrast) }
}

/** `ink` on another paper (a `\colorbox`'s): judged again where both are known. */
function onPaper(ink: MathInk, paper: readonly Rgb[] | undefined): MathInk {
  if (ink.colour === undefined || paper === undefined) return ink
  return { ...ink, shows: ink.colour.alpha > 0 && inkShows(ink.colour, paper, minimumContrast) }
}

/** The paper a `\colorbox{colour}` puts behind its argument (the one behind it where transparent or not read). */
function boxPaper(colour: string, paper: readonly Rgb[] | undefined): readonly Rgb[] | undefined {
  const name = colour.trim().toLowerCase()
  if (isTransparent(name)) return paper
  const read = colourAndAlpha(name)
  if (read === undefined) return undefined
  return read.alpha === 1 ? [read.rgb] : paper?.map((under) => over(read.rgb, read.alpha, under))
}

/** Whether `css` would hide the text of a `<span>` it styles (the HTML rules, `hidden-text.ts`). */
function styleHides(css: string): boolean {
  const marker = '\uE002'
  const attribute = css.replace(/&/g, '&amp;').replace(/"/g, '&quot;')
  return !withoutHiddenText(`<span style="${attribute}">${marker}</span>`).includes(marker)
}

/**
 * The first command at or after a place in `tex`: every match found in one
 * pass (a match holds one backslash, its first character, so none starts
 * inside another), where a search from each place read on to the formula's
 * end, once per level of its nesting.
 */
function commandsFrom(tex: string): (from: number) => RegExpExecArray | undefined {
  const found = [...tex.matchAll(commands)]
  return (from) => {
    let low = 0
    let high = found.length
    while (low < high) {
      const middle = (low + high) >>> 1
      if ((found[middle]?.index ?? 0) < from) low = middle + 1
      else high = middle
    }
    return found[low]
  }
}

/**
 * For a place in `tex` (one no backslash escapes), the `}` that closes the
 * group open there, or the formula's end: what a scan from it finds that
 * counts `{` and `}` and skips the character after a backslash. Worked out
 * for every place in one pass, where a scan per group read the rest of the
 * formula at every level of its nesting.
 */
function closingBraces(tex: string): (from: number) => number {
  // The innermost `{` open at each place, each `{`'s partner, and the first unpaired `}` from each place.
  const openAt = new Int32Array(tex.length + 1).fill(-1)
  const partner = new Int32Array(tex.length).fill(-1)
  const strayFrom = new Int32Array(tex.length + 1).fill(-1)
  const open: number[] = []
  for (let index = 0; index < tex.length; index += 1) {
    openAt[index] = open.at(-1) ?? -1
    const character = tex[index]
    if (character === '\\') {
      index += 1
      if (index < tex.length) openAt[index] = open.at(-1) ?? -1
    } else if (character === '{') open.push(index)
    else if (character === '}') {
      const start = open.pop()
      if (start === undefined) strayFrom[index] = index
      else partner[start] = index
    }
  }
  openAt[tex.length] = open.at(-1) ?? -1
  for (let index = tex.length - 1; index >= 0; index -= 1) {
    if (strayFrom[index] === -1) strayFrom[index] = strayFrom[index + 1] ?? -1
  }
  return (from) => {
    const start = openAt[from] ?? -1
    const found = start === -1 ? (strayFrom[from] ?? -1) : (partner[start] ?? -1)
    return found === -1 ? tex.length : found
  }
}
