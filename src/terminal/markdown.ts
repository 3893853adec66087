/**
 * Markdown → styled terminal text for the quiz. The field is read by the
 * same parser as the card in Anki (src/markdown/parser.ts: markdown-it with
 * decklab's rules), and its tokens are shown in terminal terms: so the screen
 * shows what the card shows, however the delimiters tangle. markdown-it is
 * loaded on the first field that needs it; a field of plain words (most
 * questions) does not, and is shown as it is, which is what markdown-it
 * makes of it (src/markdown/plain-field.ts).
 */
import type MarkdownIt from 'markdown-it'
import type { Token } from 'markdown-it'
import { createMarkdownParser } from '../markdown/parser.js'
import { isPlainField } from '../markdown/plain-field.js'
import { parseWikilink, wikilinkText } from '../markdown/wikilink.js'
import { type ClozeView, clozeAnswerRuns, showClozes } from './cloze-runs.js'
import { htmlPieces } from './inline-html.js'
import { RunWriter } from './run-writer.js'
import { type Look, type Run, runLines, safeProse, styles } from './styled-runs.js'
import { cutLine, wrapLine } from './wrap.js'

export type { ClozeView } from './cloze-runs.js'

/** Styling switches; every style is the identity when `color` is false. */
export interface TerminalStyle {
  color: boolean
}

export interface RenderOptions {
  color: boolean
  /**
   * Cloze handling (a Cloze note's Text); without it, `{{cN::text}}` is shown
   * as written, as Anki shows it in any other field.
   */
  cloze?: ClozeView | undefined
  /**
   * Without colour, keep Markdown's emphasis markers (`**bold**`, `` `code` ``)
   * (true), or show plain text as a reader sees it (default false).
   */
  markers?: boolean | undefined
  /** Indent every line by this many spaces. */
  indent?: number | undefined
  /**
   * Fit the text into this many columns (the indent included): prose wraps
   * at word boundaries keeping its indent; code lines are cut with `›`.
   */
  width?: number | undefined
}

/**
 * A field's Markdown, or its pieces: the field's Markdown and then what is
 * appended to its HTML (a `FROZEN` value, the file link), each read on its own.
 */
export type FieldMarkdown = string | readonly string[]

/** Render a Markdown field for the terminal. */
export function renderTerminal(markdown: FieldMarkdown, options: RenderOptions): string {
  const { color } = options
  const look: Look = color ? 'ansi' : options.markers === true ? 'markers' : 'plain'
  let runs = piecesRuns(markdown, look)
  if (options.cloze) runs = showClozes(runs, options.cloze, color)
  const indent = ' '.repeat(options.indent ?? 0)
  const width = options.width === undefined ? undefined : options.width - indent.length
  return runLines(runs, color)
    .flatMap((line) => {
      if (width === undefined || width < 10) return [line.text]
      return line.code ? [cutLine(line.text, width)] : wrapLine(line.text, width)
    })
    .map((line) => (line === '' ? line : indent + line))
    .join('\n')
}

/**
 * The text of a Markdown field as Anki compares a typed answer with it: the
 * field's HTML stripped of tags and comments, entities decoded, line breaks
 * as spaces; no list bullet, number or quote bar of the screen.
 */
export function plainText(markdown: FieldMarkdown): string {
  return textOf(piecesRuns(markdown, 'text'))
}

/** The hidden texts of cloze `number` in a Cloze note's Text, in order, as plain text. */
export function clozeAnswers(markdown: FieldMarkdown, number: number): string[] {
  return clozeAnswerRuns(piecesRuns(markdown, 'text'), number).map(textOf)
}

function textOf(runs: readonly Run[]): string {
  return runLines(runs, false)
    .map((line) => line.text.trim())
    .filter((line) => line !== '')
    .join(' ')
}

let parser: MarkdownIt | undefined

/**
 * The pieces' runs, one after the other as their HTML is on the card: on the
 * same line only where a paragraph meets a paragraph (the card unwraps a
 * field of one paragraph), else on a new line, as after a code block or list.
 */
function piecesRuns(markdown: FieldMarkdown, look: Look): Run[] {
  if (typeof markdown === 'string') return fieldRuns(markdown, look).runs
  const runs: Run[] = []
  let inline = true
  for (const piece of markdown) {
    const field = fieldRuns(piece, look)
    if (field.runs.length === 0) continue
    // A piece after a blank line is a paragraph of its own (the context breadcrumb).
    if (runs.length > 0 && !(inline && field.inline && !piece.startsWith('\n'))) {
      runs.push({ text: '\n', style: 0, kind: 'break' })
    }
    runs.push(...field.runs)
    inline = field.inline
  }
  return runs
}

/**
 * The field as runs: markdown-it's tokens, or the plain words themselves;
 * `inline` when it is one paragraph (its HTML is unwrapped on the card).
 */
function fieldRuns(markdown: string, look: Look): { runs: Run[]; inline: boolean } {
  if (markdown.trim() === '') return { runs: [], inline: true }
  if (isPlainField(markdown))
    return { runs: [{ text: markdown, style: 0, kind: 'text' }], inline: true }
  parser ??= createMarkdownParser()
  const writer = new RunWriter(look)
  const tokens = parser.parse(markdown, {})
  writeBlocks(tokens, writer)
  const inline =
    tokens.length === 3 &&
    tokens[0]!.type === 'paragraph_open' &&
    tokens[2]!.type === 'paragraph_close'
  return { runs: writer.finish(), inline }
}

/** The block tokens: each leaf block on lines of its own, inside its quotes and list items. */
function writeBlocks(tokens: readonly Token[], writer: RunWriter): void {
  const lists: { ordered: boolean; next: number }[] = []
  let lastEnd: number | undefined
  let firstCell = true
  // A leaf block starts on a new line, after an empty one when the note has one before it.
  const leaf = (token: Token) => {
    writer.blockBreak()
    if (token.map && lastEnd !== undefined && token.map[0] > lastEnd) writer.blankLine()
    if (token.map) lastEnd = token.map[1]
  }
  for (const token of tokens) {
    switch (token.type) {
      case 'paragraph_open':
        leaf(token)
        // A callout's title (`src/markdown/callout.ts`) is bold, as a heading.
        if (token.meta?.calloutTitle === true) writer.push(styles.bold)
        break
      case 'table_open':
        leaf(token)
        break
      case 'heading_open':
        leaf(token)
        writer.push(styles.bold)
        break
      case 'heading_close':
        writer.pop(styles.bold)
        break
      case 'inline':
        writeInline(token.children ?? [], writer)
        break
      case 'paragraph_close':
        if (token.meta?.calloutTitle === true) writer.pop(styles.bold)
        writer.blockBreak()
        break
      case 'tr_close':
        writer.blockBreak()
        break
      case 'tr_open':
        firstCell = true
        break
      case 'th_open':
      case 'td_open':
        // A table row's cells, on one line: apart on screen, spaced as a typed answer's text.
        if (!firstCell) {
          if (writer.display) writer.decoration(' │ ', styles.dim)
          else writer.literal(' ')
        }
        firstCell = false
        break
      case 'bullet_list_open':
      case 'ordered_list_open':
        lists.push({ ordered: token.type === 'ordered_list_open', next: listStart(token) })
        break
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop()
        break
      case 'list_item_open':
        writer.blockBreak()
        writer.containers.push({ kind: 'item', marker: itemMarker(lists), first: true })
        break
      case 'blockquote_open':
        writer.blockBreak()
        writer.containers.push({ kind: 'quote' })
        break
      case 'list_item_close':
      case 'blockquote_close':
        writer.blockBreak()
        writer.containers.pop()
        break
      default:
        writeLeaf(token, writer, leaf)
    }
  }
}

/** Blocks with no inline content: rules, code, math and HTML blocks. */
function writeLeaf(token: Token, writer: RunWriter, leaf: (token: Token) => void): void {
  switch (token.type) {
    case 'hr':
      leaf(token)
      writer.decoration('──────', styles.dim)
      return
    case 'fence':
    case 'code_block':
      leaf(token)
      for (const line of token.content.replace(/\n$/, '').split('\n')) writer.codeLine(line)
      return
    case 'math_block':
      leaf(token)
      for (const line of `$$${token.content}$$`.split('\n')) {
        writer.literal(safeProse(line))
        writer.lineBreak()
      }
      return
    case 'html_block':
      leaf(token)
      for (const piece of htmlPieces(token.content)) {
        if (piece.tag) writer.tag(piece.text)
        else writer.htmlText(piece.text)
      }
      writer.blockBreak()
      return
    default:
      return
  }
}

function listStart(token: Token): number {
  const start = Number(token.attrGet('start') ?? '1')
  return Number.isFinite(start) ? start : 1
}

/** The bullet or number of the next item of the innermost list, indented under a top-level list. */
function itemMarker(lists: { ordered: boolean; next: number }[]): string {
  const list = lists.at(-1)
  const indent = lists.length === 1 ? '  ' : ''
  if (list === undefined || !list.ordered) return `${indent}• `
  const marker = `${indent}${list.next}. `
  list.next += 1
  return marker
}

/** The inline tokens of a paragraph, heading or table cell. */
function writeInline(tokens: readonly Token[], writer: RunWriter): void {
  for (const token of tokens) {
    const style = spanStyles[token.type.replace(/_(open|close)$/, '')]
    if (style !== undefined && token.nesting !== 0) {
      if (token.nesting === 1) {
        writer.marker(token.markup)
        writer.push(style)
      } else {
        writer.pop(style)
        writer.marker(token.markup)
      }
      continue
    }
    writeInlineLeaf(token, writer)
  }
}

/** Markdown spans and their styles (`==mark==` is shown bold, a link underlined). */
const spanStyles: Readonly<Record<string, number>> = {
  strong: styles.bold,
  em: styles.italic,
  s: styles.strike,
  mark: styles.bold,
  link: styles.underline,
}

function writeInlineLeaf(token: Token, writer: RunWriter): void {
  switch (token.type) {
    case 'text':
      writer.text(token.content)
      return
    case 'softbreak':
    case 'hardbreak':
      writer.lineBreak()
      return
    case 'code_inline':
      writer.marker(token.markup)
      writer.literal(safeProse(token.content), styles.code)
      writer.marker(token.markup)
      return
    case 'math_inline':
      writer.literal(safeProse(`${token.markup}${token.content}${token.markup}`))
      return
    case 'image': {
      const alt = (token.children ?? []).map((child) => child.content).join('')
      writer.placeholder(alt.trim() || (token.attrGet('src') ?? '').trim())
      return
    }
    case 'wikilink':
      writer.push(styles.underline)
      writer.text(wikilinkText(parseWikilink(token.content)))
      writer.pop(styles.underline)
      return
    case 'embed':
      writer.placeholder((token.content.split('|')[0] ?? '').trim())
      return
    case 'html_inline':
      writer.tag(token.content)
      return
    default:
      if (token.content !== '') writer.text(token.content)
  }
}
