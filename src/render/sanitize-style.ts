/**
 * Inline styles in card HTML, through an allowlist of properties, each with
 * a rule for its value: colours, fonts, text, spacing, borders and widths
 * stay, as long as the element paints only inside its own box, in the flow
 * of the field. Dropped, one declaration at a time:
 * - anything that loads a resource (`url(…)`, `image-set(…)`, `@import`),
 *   runs code in old engines (`expression(…)`), or hides behind CSS
 *   escapes or comments (whatever the property);
 * - every property not named here: what moves a box out of the flow or
 *   paints beyond it (`position`, `transform`, `translate`, `scale`,
 *   `rotate`, `float`, shadows, `outline`, `filter`, `border-image`,
 *   `-webkit-box-reflect`) and what lifts it above Anki's own fixed
 *   elements (a stacking context: `opacity`, `mix-blend-mode`, `isolation`);
 * - a negative or computed (`calc(…)`) length: a negative margin, indent or
 *   spacing moves content over what is above, beside or below it;
 * - a fixed `height` but on an image (its content would overflow below, over
 *   the next field), and a `line-height` below the font's (`0`, a length:
 *   glyphs spill out of their line), which `font`'s `…/0` also sets.
 * Hiding one's own text (`display: none`, `color`) stays: it covers nothing else.
 */

type ValueRule = (value: string, tagName: string) => boolean

/** Keywords only: `bold`, `700`, `pre-wrap`, `inline-block`. */
const keywords: ValueRule = (value) => /^[a-z0-9\s-]+$/i.test(value)
/** Keywords and colours (`#fff`, `rgb(…)`, `hsl(…)`), with no length (an underline's thickness). */
const keywordsAndColours: ValueRule = (value) => /^[a-z\s-]*$/i.test(withoutColours(value))
/** Non-negative lengths and keywords (and colours, for `border`): nothing computed. */
const nonNegative: ValueRule = (value) => {
  const rest = withoutColours(value)
  return !/\(|-\s*[\d.]/.test(rest)
}
/** A height: only on an image (a replaced element, with no content to overflow). */
const imageHeight: ValueRule = (value, tagName) => tagName === 'img' && nonNegative(value, tagName)
/** `normal`, or a unitless factor of at least 1: lines as tall as their font. */
const lineHeight: ValueRule = (value) =>
  value === 'normal' || (/^\d*\.?\d+$/.test(value) && Number(value) >= 1)
/** The `font` shorthand without a line height (`12px/0 serif`). */
const fontShorthand: ValueRule = (value) => !value.includes('/') && nonNegative(value, '')
/** Backgrounds paint inside the element's border box, whatever their size or position. */
const anyValue: ValueRule = () => true
const verticalAlign: ValueRule = (value) =>
  /^(?:baseline|sub|super|top|text-top|middle|bottom|text-bottom)$/i.test(value)

function withoutColours(value: string): string {
  return value
    .replace(/#[0-9a-f]{3,8}\b/gi, '')
    .replace(/\b(?:rgba?|hsla?)\([^()]*\)/gi, '')
    .trim()
}

const rules = new Map<string, ValueRule>([
  ['color', keywordsAndColours],
  ['background', anyValue],
  ['background-color', anyValue],
  ['background-image', anyValue],
  ['background-repeat', keywords],
  ['background-position', anyValue],
  ['background-size', anyValue],
  ['font', fontShorthand],
  ['font-family', anyValue],
  ['font-size', nonNegative],
  ['font-style', keywords],
  ['font-weight', keywords],
  ['font-variant', keywords],
  ['line-height', lineHeight],
  ['text-align', keywords],
  ['text-decoration', keywordsAndColours],
  ['text-decoration-line', keywords],
  ['text-decoration-style', keywords],
  ['text-decoration-color', keywordsAndColours],
  ['text-transform', keywords],
  ['text-indent', nonNegative],
  ['letter-spacing', nonNegative],
  ['word-spacing', nonNegative],
  ['white-space', keywords],
  ['word-break', keywords],
  ['overflow-wrap', keywords],
  ['word-wrap', keywords],
  ['vertical-align', verticalAlign],
  ['list-style-type', keywords],
  ['list-style-position', keywords],
  ['display', keywords],
  ['overflow', keywords],
  ['overflow-x', keywords],
  ['overflow-y', keywords],
  ['box-sizing', keywords],
  ['border-collapse', keywords],
  ['border-spacing', nonNegative],
  ['caption-side', keywords],
  ['table-layout', keywords],
  ['width', nonNegative],
  ['min-width', nonNegative],
  ['max-width', nonNegative],
  ['min-height', nonNegative],
  ['height', imageHeight],
  ['max-height', imageHeight],
  ...['margin', 'padding', 'border'].flatMap((box) =>
    ['', '-top', '-right', '-bottom', '-left'].map((side): [string, ValueRule] => [
      `${box}${side}`,
      nonNegative,
    ]),
  ),
  ...['width', 'style', 'color', 'radius'].map((part): [string, ValueRule] => [
    `border-${part}`,
    nonNegative,
  ]),
])

const refusedValue = /url\s*\(|src\s*\(|image-set|image\s*\(|expression|@import|\\|[<>{};]|\/\*/i

/** The declarations of `style` (on a `tagName` element) that are safe, and whether any was dropped. */
export function filterStyle(style: string, tagName: string): { style: string; dropped: boolean } {
  const kept: string[] = []
  let dropped = false
  for (const declaration of splitDeclarations(style)) {
    const colon = declaration.indexOf(':')
    if (colon < 0) {
      if (declaration.trim() !== '') dropped = true
      continue
    }
    const property = declaration.slice(0, colon).trim().toLowerCase()
    const value = declaration.slice(colon + 1).trim()
    const rule = rules.get(property)
    const bare = value.replace(/\s*!\s*important$/i, '')
    if (rule === undefined || refusedValue.test(value) || !rule(bare, tagName)) {
      dropped = true
      continue
    }
    kept.push(`${property}: ${value}`)
  }
  return { style: kept.join('; '), dropped }
}

/** Split at `;` outside quotes and parentheses (a `;` in a string must not end a declaration). */
function splitDeclarations(style: string): string[] {
  const parts: string[] = []
  let quote = ''
  let depth = 0
  let start = 0
  for (let index = 0; index < style.length; index += 1) {
    const character = style[index]
    if (quote !== '') {
      if (character === quote) quote = ''
    } else if (character === '"' || character === "'") quote = character
    else if (character === '(') depth += 1
    else if (character === ')') depth = Math.max(0, depth - 1)
    else if (character === ';' && depth === 0) {
      parts.push(style.slice(start, index))
      start = index + 1
    }
  }
  parts.push(style.slice(start))
  return parts
}
