/**
 * Inline styles in card HTML: colours, fonts, spacing and layout stay;
 * anything that loads a resource (`url(…)`, `image-set(…)`, `@import`),
 * runs code in old engines (`expression(…)`, `behavior`, `-moz-binding`),
 * hides itself behind CSS escapes, or leaves the card's box (`position`)
 * is dropped, one declaration at a time.
 */

const safeProperty = /^-?[a-z][a-z-]*$/
const refusedProperty = /^(?:behavior|-moz-binding|position|inset|top|right|bottom|left|z-index)$/
const refusedValue = /url\s*\(|src\s*\(|image-set|image\s*\(|expression|@import|\\|[<>{};]|\/\*/i

/** The declarations of `style` that are safe, and whether any was dropped. */
export function filterStyle(style: string): { style: string; dropped: boolean } {
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
    if (
      !safeProperty.test(property) ||
      refusedProperty.test(property) ||
      refusedValue.test(value)
    ) {
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
