/**
 * What of a formula MathJax draws as nothing: `\phantom{…}`, `\hphantom{…}`
 * and `\vphantom{…}` take the room of their argument and draw none of it, and
 * a colour that cannot be told from the paper behind it draws its text
 * invisible: `\textcolor{C}{…}`, or `\color{C}` to the end of its group, where
 * C is transparent or, on the day-mode card's white or a `\colorbox`'s colour,
 * that colour (as `hidden-text.ts` judges a style's). `\style{css}{…}` hides
 * its argument where that CSS would hide a `<span>`'s text. (decklab refuses
 * `\style` and `\class` in math, `unsafe-math`, so no card it ships holds
 * them; `\class` names a class of decklab's stylesheet, none of which hides.)
 * `$\phantom{108}$ bytes` shows only "bytes", so the 108 states nothing.
 */
import { contrast, opaqueColour, type Rgb } from './css-colour.js'
import { dayBackground, isTransparent, minimumContrast, withoutHiddenText } from './hidden-text.js'

/** The commands read here, up to their first argument's `{`. */
const commands = /\\(?:([hv]?phantom)|(textcolor)|(color)|(colorbox)|(style))\s*\{/g

/** The TeX `tex` without what MathJax draws as nothing (see the module's comment), on `paper`. */
export function visibleMath(tex: string, paper: Rgb | undefined = dayBackground): string {
  let output = ''
  let position = 0
  for (const match of tex.matchAll(commands)) {
    if (match.index < position) continue
    const [whole, phantom, textcolor, color, colorbox] = match
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
    const second = /^\s*\{/.exec(tex.slice(position))
    if (second === null) {
      output += tex.slice(match.index, position)
      continue
    }
    const body = position + second[0].length
    const end = closingBrace(tex, body)
    const hides =
      colorbox === undefined &&
      (textcolor !== undefined ? drawsNothing(first, paper) : styleHides(first))
    const under = colorbox === undefined ? paper : boxPaper(first, paper)
    output += hides
      ? ' '
      : `${tex.slice(match.index, body)}${visibleMath(tex.slice(body, end), under)}}`
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
