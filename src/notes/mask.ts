import { closesFence, type Fence, openingFence } from '../text/fences.js'
import { inlineMathSpans } from './inline-math.js'

/**
 * A field's Markdown with code and math replaced by placeholders, so
 * transformations (curly clozes, highlights, `#tags`) cannot touch them.
 * Placeholders use NUL, which never occurs in a decoded note file.
 */
export interface MaskedText {
  text: string
  /** Put the protected spans back (with a function, never a replacement pattern). */
  restore(text: string): string
}

// The plugin's math patterns (constants.ts), applied after code is masked;
// inline math uses a linear scan with the same matches (inline-math.ts).
const displayMath = /\$\$[\s\S]*?\$\$/g
const ankiMath = /\\\[[\s\S]*?\\\]|\\\([\s\S]*?\\\)/g
// A code span opens with a whole run of backticks (CommonMark), so a try from inside a
// run fails at once: without `(?<!`)`, each backtick of a long unclosed run was a start that
// scanned to the end, and 40,000 of them took seconds.
const inlineCode = /(?<!`)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g
const placeholder = /\u0000(\d+)\u0000/g

/**
 * Mask fenced code, inline code and math (in that order). The plugin's math
 * includes `\(…\)` and `\[…\]`; decklab's renderer reads them as escaped
 * brackets, which `{ escapedMath: false }` leaves as text, as the card shows them.
 */
export function maskProtected(
  markdown: string,
  { escapedMath = true }: { escapedMath?: boolean } = {},
): MaskedText {
  const saved: string[] = []
  const keep = (text: string) => {
    saved.push(text)
    return `\u0000${saved.length - 1}\u0000`
  }
  let text = maskFences(markdown, keep)
  text = text.replace(inlineCode, keep)
  text = text.replace(displayMath, keep)
  if (escapedMath) text = text.replace(ankiMath, keep)
  text = replaceSpans(text, inlineMathSpans(text), keep)
  return {
    text,
    restore(masked: string): string {
      // Placeholders can nest (a fence saved before math); restore until stable.
      let result = masked
      for (let round = 0; round < 4 && result.includes('\u0000'); round++) {
        result = result.replace(placeholder, (_, index: string) => saved[Number(index)] ?? '')
      }
      return result
    },
  }
}

function maskFences(markdown: string, keep: (text: string) => string): string {
  if (!markdown.includes('``') && !markdown.includes('~~')) return markdown
  const lines = markdown.split('\n')
  const output: string[] = []
  let fence: Fence | undefined
  let block: string[] = []
  for (const line of lines) {
    if (fence) {
      block.push(line)
      if (closesFence(line, fence)) {
        output.push(keep(block.join('\n')))
        fence = undefined
        block = []
      }
      continue
    }
    const opened = openingFence(line)
    if (opened) {
      fence = opened
      block = [line]
      continue
    }
    output.push(line)
  }
  // An unclosed fence runs to the end of the field (CommonMark).
  if (fence) output.push(keep(block.join('\n')))
  return output.join('\n')
}

function replaceSpans(
  text: string,
  spans: readonly [number, number][],
  keep: (text: string) => string,
): string {
  if (spans.length === 0) return text
  let result = ''
  let last = 0
  for (const [start, end] of spans) {
    result += text.slice(last, start) + keep(text.slice(start, end))
    last = end
  }
  return result + text.slice(last)
}
