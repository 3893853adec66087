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
  let advance = 0
  for (const match of tex.matchAll(spaces)) {
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
    const rowEnd = tex.indexOf('\\\\', match.index + whole.length)
    const rest = rowEnd < 0 ? '' : onScreen(tex.slice(rowEnd))
    return `${tex.slice(0, match.index)} ${rest}`
  }
  return tex
}

/** `tex` without what it draws as nothing or crosses out, on `paper`, in `ink`. */
function drawnMath(tex: string, paper: readonly Rgb[] | undefined, ink: MathInk): string {
  let output = ''
  let position = 0
  for (const match of tex.matchAll(commands)) {
    if (match.index < position) continue
    const [whole, phantom, textcolor, color, colorbox, , enclose, struck, cancelto] = match
    const open = match.index + whole.length
    const close = closingBrace(tex, open)
    const first = tex.slice(open, close)
    output += inInk(tex.slice(position, match.index), ink)
    position = Math.min(tex.length, close + 1)
    if (phantom !== undefined || struck !== undefined) {
      output += ' '
      continue
    }
    if (color !== undefined) {
      // The colour holds to the end of the group; its closing brace stays, as it closes what opened before.
      const own = inkOf(first, paper)
      const end = closingBrace(tex, position)
      output += `${inInk(tex.slice(match.index, position), own)}${drawnMath(tex.slice(position, end), paper, own)}`
      position = end
      continue
    }
    // `\enclose{notation}[attributes]{…}`: the attributes are no argument.
    const second = /^\s*(?:\[[^\]]*\]\s*)?\{/.exec(tex.slice(position))
    if (second === null) {
      output += inInk(tex.slice(match.index, position), ink)
      continue
    }
    const body = position + second[0].length
    const end = closingBrace(tex, body)
    position = Math.min(tex.length, end + 1)
    const hides =
      cancelto !== undefined ||
      (enclose !== undefined
        ? /strike/.test(first)
        : colorbox === undefined && textcolor === undefined && styleHides(first))
    if (hides) {
      output += ` ${cancelto === undefined ? '' : inInk(first, ink)} `
      continue
    }
    const under = colorbox === undefined ? paper : boxPaper(first, paper)
    const own =
      textcolor !== undefined
        ? inkOf(first, paper)
        : colorbox !== undefined
          ? onPaper(ink, under)
          : ink
    output += `${inInk(tex.slice(match.index, body), own)}${drawnMath(tex.slice(body, end), under, own)}${inInk('}', own)}`
  }
  return output + inInk(tex.slice(position), ink)
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

/** The `}` that closes the group open at `from` (just after its `{`), or the formula's end. */
function closingBrace(tex: string, from: number): number {
  let depth = 1
  for (let index = from; index < tex.length; index += 1) {
    const character = tex[index]
    if (character === '\\') index += 1
    else if (character === '{') depth += 1
    else if (character === '}') {
      depth -= 1
      if (depth === 0) return index
    }
  }
  return tex.length
}
