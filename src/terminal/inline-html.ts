/**
 * Raw HTML in a field, on the terminal. The card sanitizer keeps formatting
 * tags, so the card in Anki shows `H<sub>2</sub>O` as H₂O and `<code>` as
 * code; the quiz does the same in its own terms: styling tags take a style,
 * block tags break the line, comments and the elements Anki never shows
 * (script, style…) go, and any other tag goes, keeping its text. In the
 * `text` look every tag just goes, as Anki strips a field to compare a typed
 * answer with it.
 */
import { ansi, blockBreak, type Look } from './style-marks.js'

/**
 * A tag's attributes (CommonMark's raw HTML): a quoted value may hold `>`.
 * An attribute name is CommonMark's `[A-Za-z_:][A-Za-z0-9_.:-]*`, so in
 * `if (a<b && c>d)` the `<b && c>` is text, as markdown-it reads it.
 */
const attributes = String.raw`(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>\x60]+))?)*\s*\/?`

/** A tag; after a backslash, `<` is text (a Markdown escape). */
const tagPattern = (names: string, closing = '\\/?') =>
  new RegExp(`(?<!\\\\)<${closing}(${names})${attributes}>`, 'gi')

/** Elements the sanitizer drops with their content. */
const dropped = new RegExp(
  `(?<!\\\\)<(script|style|template|textarea|title|noscript|noembed|noframes|iframe|object|svg|math|audio|video|select|xmp)${attributes}>[\\s\\S]*?<\\/\\1\\s*>`,
  'gi',
)

/** Elements that style their content; matched with their end tag. */
const styled = new RegExp(
  `(?<!\\\\)<(b|strong|i|em|cite|dfn|var|u|ins|s|del|strike|code|kbd|samp|tt|mark|sub|sup|q|a)${attributes}>([\\s\\S]*?)<\\/\\1\\s*>`,
  'gi',
)

const image = tagPattern('img', '')
const lineBreak = tagPattern('br', '')
const listItem = tagPattern('li', '')
const rule = tagPattern('hr', '')
const cell = tagPattern('td|th')
const block = tagPattern(
  'p|div|li|ul|ol|blockquote|pre|h[1-6]|table|thead|tbody|tfoot|tr|dl|dt|dd|details|summary|figure|figcaption|caption|center|section|article|header|footer|hr',
)
const anyTag = tagPattern('[a-z][a-z0-9-]*')

/** Raw HTML tags → styles (per `look`) and line breaks; their text stays for the Markdown rules. */
export function renderHtmlTags(text: string, look: Look): string {
  if (!text.includes('<')) return text
  const display = look !== 'text'
  return styleTags(text.replace(dropped, ''), look)
    .replace(image, (tag) => (display ? dimmed(look, `[${imageLabel(tag)}]`) : ''))
    .replace(lineBreak, '\n')
    .replace(listItem, display ? `${blockBreak}• ` : blockBreak)
    .replace(rule, display ? `${blockBreak}${dimmed(look, '──────')}${blockBreak}` : blockBreak)
    .replace(block, blockBreak)
    .replace(cell, ' ')
    .replace(anyTag, '')
}

function styleTags(text: string, look: Look): string {
  return text.replace(styled, (_whole, name: string, inner: string) =>
    styleElement(name.toLowerCase(), styleTags(inner, look), look),
  )
}

function styleElement(name: string, inner: string, look: Look): string {
  const color = look === 'ansi'
  const marked = (marker: string, end = marker) =>
    look === 'markers' ? `${marker}${inner}${end}` : inner
  switch (name) {
    case 'b':
    case 'strong':
      return color ? ansi(true, '1', '22')(inner) : marked('**')
    case 'mark':
      return color ? ansi(true, '1', '22')(inner) : marked('==')
    case 'i':
    case 'em':
    case 'cite':
    case 'dfn':
    case 'var':
      return color ? ansi(true, '3', '23')(inner) : marked('*')
    case 's':
    case 'del':
    case 'strike':
      return color ? ansi(true, '9', '29')(inner) : marked('~~')
    case 'code':
    case 'kbd':
    case 'samp':
    case 'tt':
      return color ? ansi(true, '36', '39')(inner) : marked('`')
    case 'sub':
    case 'sup':
      return look === 'text' ? inner : scripted(inner, name === 'sub' ? subscripts : superscripts)
    case 'q':
      return look === 'text' ? inner : `“${inner}”`
    default:
      // u, ins and a: underlined, as links are.
      return color ? ansi(true, '4', '24')(inner) : inner
  }
}

const subscripts: Readonly<Record<string, string>> = mapping('0123456789+-=()', '₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎')
const superscripts: Readonly<Record<string, string>> = mapping(
  '0123456789+-=()ni',
  '⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ',
)

function mapping(from: string, to: string): Record<string, string> {
  const targets = [...to]
  return Object.fromEntries([...from].map((char, index) => [char, targets[index] as string]))
}

/** `2` → `₂` when every character has a sub- or superscript form; otherwise the text as it is. */
function scripted(inner: string, forms: Readonly<Record<string, string>>): string {
  const chars = [...inner]
  if (chars.length === 0 || chars.some((char) => forms[char] === undefined)) return inner
  return chars.map((char) => forms[char]).join('')
}

function dimmed(look: Look, text: string): string {
  return ansi(look === 'ansi', '2', '22')(text)
}

/** An image's `alt`, else its `src`, else `image`. */
function imageLabel(tag: string): string {
  const value = (name: string) =>
    new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'=<>\\x60]+))`, 'i')
      .exec(tag)
      ?.slice(1)
      .find((part) => part !== undefined)
      ?.trim()
  return value('alt') || value('src') || 'image'
}

/** HTML comments go (`<!-- … -->`, across lines too), except inside code spans, which are literal. */
export function dropComments(text: string): string {
  if (!text.includes('<!--')) return text
  return text.replace(/(`+)[\s\S]*?[^`]\1(?!`)|<!--(?:-?>|[\s\S]*?-->)/g, (whole) =>
    whole.startsWith('<') ? '' : whole,
  )
}
