/**
 * Raw HTML in a field, on the terminal, one tag at a time (markdown-it hands
 * over each tag of a paragraph as an `html_inline` token, and an HTML block
 * whole, which `htmlPieces` splits). The card sanitizer keeps formatting
 * tags, so the card in Anki shows `H<sub>2</sub>O` as H₂O and `<code>` as
 * code; the quiz does the same in its own terms: styling tags take a style,
 * block tags break the line, comments and the elements Anki never shows
 * (script, style…) go with their content, and any other tag goes, keeping
 * its text.
 */
import { styles } from './styled-runs.js'

/** What a tag does on the terminal. */
export type TagAction =
  | { kind: 'style'; name: string; open: boolean; style: number; marker: string }
  | { kind: 'drop'; name: string; open: boolean }
  | { kind: 'script'; name: 'sub' | 'sup'; open: boolean }
  | { kind: 'ruby'; name: 'ruby' | 'rt' | 'rp'; open: boolean }
  | { kind: 'quote'; open: boolean }
  | { kind: 'line' | 'block' | 'item' | 'rule' | 'cell' | 'none' }
  | { kind: 'image'; label: string }
  | { kind: 'checkbox'; checked: boolean }

/**
 * A tag's attributes (CommonMark's raw HTML): a quoted value may hold `>`.
 * An attribute name is CommonMark's `[A-Za-z_:][A-Za-z0-9_.:-]*`.
 */
const attributes = String.raw`(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>\x60]+))?)*\s*\/?`

/** A tag (group 1 the `/` of an end tag, group 2 its name), or a comment or declaration. */
const tagPattern = new RegExp(
  `<(\\/?)([A-Za-z][A-Za-z0-9-]*)${attributes}>|<!--(?:-?>|[\\s\\S]*?-->)|<[?!][\\s\\S]*?>`,
  'g',
)

/** Elements the sanitizer drops with their content. */
const dropped = new Set(
  'script style template textarea title noscript noembed noframes iframe object svg math audio video select xmp'.split(
    ' ',
  ),
)

const styled: Readonly<Record<string, [number, string]>> = {
  b: [styles.bold, '**'],
  strong: [styles.bold, '**'],
  mark: [styles.bold, '=='],
  i: [styles.italic, '*'],
  em: [styles.italic, '*'],
  cite: [styles.italic, '*'],
  dfn: [styles.italic, '*'],
  var: [styles.italic, '*'],
  s: [styles.strike, '~~'],
  del: [styles.strike, '~~'],
  strike: [styles.strike, '~~'],
  code: [styles.code, '`'],
  kbd: [styles.code, '`'],
  samp: [styles.code, '`'],
  tt: [styles.code, '`'],
  // Underlined, as links are.
  u: [styles.underline, ''],
  ins: [styles.underline, ''],
  a: [styles.underline, ''],
}

const blocks = new Set(
  'p div ul ol blockquote pre h1 h2 h3 h4 h5 h6 table thead tbody tfoot tr dl dt dd details summary figure figcaption caption center section article header footer'.split(
    ' ',
  ),
)

/** What the tag `tag` (its whole text) does. */
export function tagAction(tag: string): TagAction {
  const match = /^<(\/?)([A-Za-z][A-Za-z0-9-]*)/.exec(tag)
  if (match === null) return { kind: 'none' }
  const open = match[1] === ''
  const name = match[2]!.toLowerCase()
  if (dropped.has(name)) return { kind: 'drop', name, open }
  const style = styled[name]
  if (style) return { kind: 'style', name, open, style: style[0], marker: style[1] }
  if (name === 'sub' || name === 'sup') return { kind: 'script', name, open }
  if (name === 'ruby' || name === 'rt' || name === 'rp') return { kind: 'ruby', name, open }
  if (name === 'q') return { kind: 'quote', open }
  if (name === 'br') return { kind: 'line' }
  if (name === 'hr') return { kind: 'rule' }
  if (name === 'li') return open ? { kind: 'item' } : { kind: 'block' }
  if (name === 'td' || name === 'th') return { kind: 'cell' }
  if (name === 'img' && open) return { kind: 'image', label: imageLabel(tag) }
  if (name === 'input' && open && /^checkbox$/i.test(attribute(tag, 'type') ?? '')) {
    return { kind: 'checkbox', checked: /\schecked(?=[\s/>=])/i.test(tag) }
  }
  return blocks.has(name) ? { kind: 'block' } : { kind: 'none' }
}

/** An HTML block's text split into tags (and comments) and the text between them. */
export function htmlPieces(html: string): { text: string; tag: boolean }[] {
  const pieces: { text: string; tag: boolean }[] = []
  let offset = 0
  for (const match of openersOfNothing(html).matchAll(tagPattern)) {
    if (match.index > offset) pieces.push({ text: html.slice(offset, match.index), tag: false })
    pieces.push({ text: html.slice(match.index, match.index + match[0].length), tag: true })
    offset = match.index + match[0].length
  }
  if (offset < html.length) pieces.push({ text: html.slice(offset), tag: false })
  return pieces
}

/**
 * `html`, as long, searched in its place so that `tagPattern` takes time linear in it.
 * Every match ends at a `>`, so a `<` after the last `>` starts none (written U+0001 here);
 * and a `<!--` with no `-->` from its third character on is no comment, only a declaration
 * to its first `>` (its first `-` written U+0001, which no `-->` holds). The pattern would
 * still read from each of them to the end: 20,000 `<!--` took seconds.
 */
function openersOfNothing(html: string): string {
  if (!html.includes('<')) return html
  const lastEnd = html.lastIndexOf('>')
  const lastCommentEnd = html.lastIndexOf('-->')
  return html.replace(/<(!--)?/g, (opener: string, comment: string | undefined, at: number) =>
    at > lastEnd
      ? `\u0001${opener.slice(1)}`
      : comment !== undefined && at + 2 > lastCommentEnd
        ? '<!\u0001-'
        : opener,
  )
}

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'=<>\\x60]+))`, 'i')
    .exec(tag)
    ?.slice(1)
    .find((part) => part !== undefined)
    ?.trim()
}

/** An image's `alt`, else its `src`, else `image`. */
function imageLabel(tag: string): string {
  return attribute(tag, 'alt') || attribute(tag, 'src') || 'image'
}
