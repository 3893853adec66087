/**
 * What of a formula MathJax draws as nothing: `\phantom{…}`, `\hphantom{…}`
 * and `\vphantom{…}` take the room of their argument and draw none of it, and
 * a colour that cannot be told from the paper behind it draws its text
 * invisible: `\textcolor{C}{…}`, or `\color{C}` to the end of its group, where
 * C is transparent or, on the paper behind it (the background of the box the
 * formula stands in, as `hidden-text.ts` reads it: the day-mode card's white
 * unless a style sets another; a `\colorbox`'s colour), that colour. `\style{css}{…}` hides
 * its argument where that CSS would hide a `<span>`'s text. (decklab refuses
 * `\style` and `\class` in math, `unsafe-math`, so no card it ships holds
 * them; `\class` names a class of decklab's stylesheet, none of which hides.)
 * Spaces that push the rest of a row 4000 px or more right put it off screen
 * (`onScreen`), and a strike (`\cancel`, `\enclose{horizontalstrike}`) crosses
 * its argument out, which states nothing, as `<s>` in HTML.
 * `$\phantom{108}$ bytes` shows only "bytes", so the 108 states nothing.
 */
import { contrast, opaqueColour, type Rgb } from './css-colour.js'
import {
  isTransparent,
  lengthPx,
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
  return drawnMath(onScreen(tex), undefined)
}

/** A formula (`\(…\)` or `\[…\]`) and its TeX, in text. */
const formulas = /(\\\(|\\\[)([\s\S]*?)(\\\)|\\\])/g

/**
 * The `text` of a field with each formula in it drawn on `paper` (the day-mode
 * card's white, the background a style sets, or undefined when not known):
 * a colour that cannot be told from it is cut, delimiters kept.
 */
export function mathOnPaper(text: string, paper: Rgb | undefined): string {
  return text.replace(formulas, (_, open: string, tex: string, close: string) => {
    return `${open}${drawnMath(tex, paper)}${close}`
  })
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

/** `tex` without what it draws as nothing or crosses out, on `paper`. */
function drawnMath(tex: string, paper: Rgb | undefined): string {
  let output = ''
  let position = 0
  for (const match of tex.matchAll(commands)) {
    if (match.index < position) continue
    const [whole, phantom, textcolor, color, colorbox, , enclose, struck, cancelto] = match
    const open = match.index + whole.length
    const close = closingBrace(tex, open)
    const first = tex.slice(open, close)
    output += tex.slice(position, match.index)
    position = Math.min(tex.length, close + 1)
    if (phantom !== undefined) {
      output += ' '
      continue
    }
    if (color !== undefined) {
      if (!drawsNothing(first, paper)) output += tex.slice(match.index, position)
      // The group's closing brace stays: it closes what opened before the switch.
      else [output, position] = [`${output} `, closingBrace(tex, position)]
      continue
    }
    if (struck !== undefined) {
      output += ' '
      continue
    }
    // `\enclose{notation}[attributes]{…}`: the attributes are no argument.
    const second = /^\s*(?:\[[^\]]*\]\s*)?\{/.exec(tex.slice(position))
    if (second === null) {
      output += tex.slice(match.index, position)
      continue
    }
    const body = position + second[0].length
    const end = closingBrace(tex, body)
    const hides =
      cancelto !== undefined ||
      (enclose !== undefined
        ? /strike/.test(first)
        : colorbox === undefined &&
          (textcolor !== undefined ? drawsNothing(first, paper) : styleHides(first)))
    const under = colorbox === undefined ? paper : boxPaper(first, paper)
    output += hides
      ? ` ${cancelto === undefined ? '' : first} `
      : `${tex.slice(match.index, body)}${drawnMath(tex.slice(body, end), under)}}`
    position = Math.min(tex.length, end + 1)
  }
  return output + tex.slice(position)
}

/** Whether text in `colour` cannot be seen on `paper`: transparent, or too close to it. */
function drawsNothing(colour: string, paper: Rgb | undefined): boolean {
  const name = colour.trim().toLowerCase()
  if (isTransparent(name)) return true
  const ink = opaqueColour(name)
  return ink !== undefined && paper !== undefined && contrast(ink, paper) < minimumContrast
}

/** The paper a `\colorbox{colour}` puts behind its argument (the one behind it where transparent). */
function boxPaper(colour: string, paper: Rgb | undefined): Rgb | undefined {
  const name = colour.trim().toLowerCase()
  return isTransparent(name) ? paper : opaqueColour(name)
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
