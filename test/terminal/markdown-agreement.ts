// The quiz's screen against the card: what markdown-it (the parser behind the
// Anki package) makes of a field, character by character with its styles,
// compared with what the terminal renderer shows for it in colour, and the
// text a typed answer is graded against compared with the text of the HTML.
import fc from 'fast-check'
import { type DefaultTreeAdapterMap, parseFragment } from 'parse5'
import { createMarkdown } from '../../src/render/markdown.js'
import { plainText, renderTerminal } from '../../src/terminal/markdown.js'

type Style = 'bold' | 'italic' | 'strike' | 'code' | 'underline'

/** One character as shown, with its styles in a fixed order (`b`, `i`, `s`, `c`, `u`). */
type Shown = string

const markdown = createMarkdown()

const htmlStyles: Readonly<Record<string, Style>> = {
  strong: 'bold',
  b: 'bold',
  mark: 'bold',
  em: 'italic',
  i: 'italic',
  s: 'strike',
  del: 'strike',
  code: 'code',
  a: 'underline',
}

const letters: Readonly<Record<Style, string>> = {
  bold: 'b',
  italic: 'i',
  strike: 's',
  code: 'c',
  underline: 'u',
}

function shown(char: string, styles: ReadonlySet<Style>): Shown {
  const key = (['bold', 'italic', 'strike', 'code', 'underline'] as const)
    .filter((style) => styles.has(style))
    .map((style) => letters[style])
    .join('')
  return key === '' ? char : `${char}:${key}`
}

/** Whitespace as a browser collapses it; no space at the ends or around a line break. */
function tidyShown(chars: Shown[]): Shown[] {
  const result: Shown[] = []
  for (const char of chars) {
    const space = char[0] === ' '
    const last = result.at(-1)
    if (space && (last === undefined || last[0] === ' ' || last === '\n')) continue
    if (char === '\n' && last !== undefined && last[0] === ' ') result.pop()
    result.push(char)
  }
  while (result.length > 0 && (result.at(-1)![0] === ' ' || result.at(-1) === '\n')) result.pop()
  return result
}

/** The field's HTML (markdown-it's, as the package holds it) as styled characters. */
export function cardCharacters(field: string): Shown[] {
  const html = markdown.render(field, { media: new Map(), problems: [] })
  const chars: Shown[] = []
  const active: Style[] = []
  type Node = DefaultTreeAdapterMap['childNode']
  const visit = (node: Node): void => {
    if (node.nodeName === '#text' && 'value' in node) {
      const styles = new Set(active)
      for (const char of node.value.replace(/\s/g, ' ')) chars.push(shown(char, styles))
      return
    }
    if (node.nodeName === 'br') chars.push('\n')
    if (node.nodeName === 'p' && chars.length > 0) chars.push('\n')
    const style = htmlStyles[node.nodeName]
    if (style) active.push(style)
    if ('childNodes' in node) for (const child of node.childNodes) visit(child)
    if (style) active.pop()
  }
  for (const node of parseFragment(html).childNodes) visit(node)
  return tidyShown(chars)
}

const sgr: Readonly<Record<string, [Style, boolean][]>> = {
  '1': [['bold', true]],
  '22': [['bold', false]],
  '3': [['italic', true]],
  '23': [['italic', false]],
  '9': [['strike', true]],
  '29': [['strike', false]],
  '36': [['code', true]],
  '39': [['code', false]],
  '4': [['underline', true]],
  '24': [['underline', false]],
}

/** The terminal's colour rendering of the field as styled characters. */
export function screenCharacters(field: string): Shown[] {
  const text = renderTerminal(field, { color: true })
  const chars: Shown[] = []
  const styles = new Set<Style>()
  for (const part of text.split(/(\u001b\[[\d;]*m)/)) {
    const codes = /^\u001b\[([\d;]*)m$/.exec(part)
    if (codes) {
      for (const code of codes[1]!.split(';')) {
        for (const [style, on] of sgr[code] ?? []) {
          if (on) styles.add(style)
          else styles.delete(style)
        }
      }
      continue
    }
    for (const char of part)
      chars.push(char === '\n' ? '\n' : shown(char.replace(/\s/, ' '), styles))
  }
  return tidyShown(chars)
}

/** The text Anki compares a typed answer with: the HTML's text, a line break or block edge a space. */
export function cardText(field: string): string {
  const html = markdown.render(field, { media: new Map(), problems: [] })
  return parseFragment(html.replace(/<br>|<\/p>/g, ' '))
    .childNodes.map(function text(node): string {
      if (node.nodeName === '#text' && 'value' in node) return node.value
      return 'childNodes' in node ? node.childNodes.map(text).join('') : ''
    })
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
}

/** Where the screen, or the graded text, disagrees with the card on `field`; undefined when neither does. */
export function disagreement(field: string): string | undefined {
  const card = cardCharacters(field).join('|')
  const screen = screenCharacters(field).join('|')
  if (card !== screen) return `screen ${JSON.stringify(screen)}\n  card ${JSON.stringify(card)}`
  const graded = plainText(field).replace(/\s+/g, ' ').trim()
  const text = cardText(field)
  if (graded !== text)
    return `graded ${JSON.stringify(graded)}\n  card text ${JSON.stringify(text)}`
  return undefined
}

/**
 * Tangled inline Markdown: emphasis, strong, strikethrough, marks, code spans
 * and links whose delimiters interleave, with words, spaces, escapes, an
 * entity, inline HTML and line breaks between.
 */
export const tangledField = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('a', 'bc', 'x y', ' ', ' ', 'é') },
      {
        weight: 4,
        arbitrary: fc.constantFrom(
          ...['*', '**', '***', '_', '__', '~~', '~', '==', '`', '``', '[', ']', '](u)', '[l](u)'],
          ...['\\*', '\\_', '\\`', '(', ')', '<b>b</b>', '&amp;', '\nw '],
        ),
      },
    ),
    { minLength: 2, maxLength: 14 },
  )
  // A word first: a line starts no block (a list, a rule, a heading), only inline text.
  .map((parts) => `w ${parts.join('')}`)

/** A fixed sample of generated fields (the same every run). */
export function tangledSample(count: number, seed = 20240601): string[] {
  return fc.sample(tangledField, { numRuns: count, seed })
}
