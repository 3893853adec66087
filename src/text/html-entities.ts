/**
 * HTML character references in a field's raw HTML blocks (markdown-it decodes
 * those of its text itself), as the card's HTML shows them: markdown-it's
 * rules for text (a named reference needs its `;`, a number that names no
 * character is U+FFFD), and Anki's for the answer a typed card expects (a
 * no-break space is a space).
 * The full table of names comes from markdown-it's decoder, loaded on the
 * first name outside the few common ones: most cards never pay for it.
 */
import { createRequire } from 'node:module'

const references = /&(?:#(x[0-9a-f]{1,6}|[0-9]{1,7})|([a-z][a-z0-9]{1,31}));/gi

const common: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
}

/** The text with every character reference decoded; `safe` is applied to each decoded character. */
export function decodeEntities(text: string, safe: (decoded: string) => string): string {
  if (!text.includes('&')) return text
  return text.replace(references, (whole, number: string | undefined, name: string | undefined) => {
    if (number !== undefined) return safe(decodeNumber(number))
    const known = common[name as string]
    if (known !== undefined) return known
    const decoded = namedDecoder()(whole)
    // The decoder also reads an older name without its `;` (`&nota;` → `¬a;`); markdown-it's text does not.
    if (decoded === whole || (decoded.length > 1 && decoded.endsWith(';'))) return whole
    return safe(decoded.replace(/\u00a0/g, ' '))
  })
}

/** `&#39;` / `&#x27;`; a code that is no character (NUL, a C0/C1 control, a surrogate) is U+FFFD. */
function decodeNumber(number: string): string {
  const code =
    number[0] === 'x' || number[0] === 'X'
      ? Number.parseInt(number.slice(1), 16)
      : Number.parseInt(number, 10)
  return isCharacter(code) ? String.fromCodePoint(code) : '\uFFFD'
}

/** markdown-it's `isValidEntityCode`. */
function isCharacter(code: number): boolean {
  if (code > 0x10ffff) return false
  if (code >= 0xd800 && code <= 0xdfff) return false
  if (code >= 0xfdd0 && code <= 0xfdef) return false
  if ((code & 0xffff) === 0xffff || (code & 0xffff) === 0xfffe) return false
  if (code <= 0x08 || code === 0x0b || (code >= 0x0e && code <= 0x1f)) return false
  return !(code >= 0x7f && code <= 0x9f)
}

let unescapeAll: ((text: string) => string) | undefined

/**
 * markdown-it's `unescapeAll` (which decodes with the `entities` package's
 * table), loaded once, from the same single-file build the parser loads.
 */
function namedDecoder(): (text: string) => string {
  if (unescapeAll === undefined) {
    const MarkdownIt = createRequire(import.meta.url)(
      'markdown-it/dist/markdown-it.js',
    ) as new () => {
      utils: { unescapeAll(text: string): string }
    }
    unescapeAll = new MarkdownIt().utils.unescapeAll
  }
  return unescapeAll
}
