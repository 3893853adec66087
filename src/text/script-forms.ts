/**
 * The Unicode sub- and superscript forms of digits and the few signs that
 * have them: the quiz's terminal draws `H<sub>2</sub>O` as H₂O, and verify
 * reads `108<sub>10</sub>` as the number 108 in base 10 (108₁₀).
 */

const subscripts: Readonly<Record<string, string>> = mapping('0123456789+-=()', '₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎')
const superscripts: Readonly<Record<string, string>> = mapping(
  '0123456789+-=()ni',
  '⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ',
)

function mapping(from: string, to: string): Record<string, string> {
  const targets = [...to]
  return Object.fromEntries([...from].map((char, index) => [char, targets[index] as string]))
}

/** `2` → `₂` when every character has a sub- or superscript form; otherwise undefined. */
export function scripted(inner: string, name: 'sub' | 'sup'): string | undefined {
  const forms = name === 'sub' ? subscripts : superscripts
  const chars = [...inner]
  if (chars.length === 0 || chars.some((char) => forms[char] === undefined)) return undefined
  return chars.map((char) => forms[char]).join('')
}
