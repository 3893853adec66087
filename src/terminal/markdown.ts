/**
 * Markdown → styled terminal text for the quiz. A small line-based renderer
 * rather than a full Markdown parse: the quiz renders one card at a time and
 * the first card must appear at once, so only the text shown is ever touched.
 * It lives on the terminal floor, not in src/render (the HTML renderer for
 * Anki and the preview): it is text to terminal text, built on the terminal
 * helpers only, and the quiz core (which renders each card lazily while it
 * runs) may use it without importing another stage.
 */

import { decodeEntities } from './html-entities.js'
import { dropComments, renderHtmlTags } from './inline-html.js'
import { terminalBlock } from './safe-text.js'
import {
  ansi,
  codeLine,
  finishStyles,
  type Look,
  literalSlots,
  reservedMarks,
  settleBlockBreaks,
} from './style-marks.js'
import { endsTable, rowCells, tableColumns } from './table.js'
import { cutLine, wrapLine } from './wrap.js'

/** Styling switches; every style is the identity when `color` is false. */
export interface TerminalStyle {
  color: boolean
}

/** How to show cloze deletions: the gap being asked (`hide`) or the answer (`reveal`). */
export interface ClozeView {
  /** The cloze number asked (c1 → 1). */
  number: number
  reveal: boolean
}

export interface RenderOptions {
  color: boolean
  /** Cloze handling; without it, `{{cN::text}}` is shown as its text. */
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

/** `{{c1::answer::hint}}`; answers may contain single braces but not `}}`. */
const clozePattern = /\{\{c(\d+)::([\s\S]*?)(?:::([\s\S]*?))?\}\}/g

// Private-use characters mark where cloze styling starts and ends, so the
// inline Markdown pass cannot mistake the markers for text.
const gapOpen = '\uE000'
const gapClose = '\uE001'
const answerOpen = '\uE002'
const answerClose = '\uE003'

/** Render a Markdown field for the terminal. */
export function renderTerminal(markdown: string, options: RenderOptions): string {
  const { color } = options
  const look: Look = color ? 'ansi' : options.markers === true ? 'markers' : 'plain'
  const text = renderBlocks(markdown, look, options.cloze)
  const indent = ' '.repeat(options.indent ?? 0)
  const width = options.width === undefined ? undefined : options.width - indent.length
  return text
    .split('\n')
    .flatMap((line) => {
      const isCode = line.startsWith(codeLine)
      const bare = isCode ? line.slice(codeLine.length) : line
      if (width === undefined || width < 10) return [bare]
      return isCode ? [cutLine(bare, width)] : wrapLine(bare, width)
    })
    .map((line) => (line === '' ? line : indent + line))
    .join('\n')
}

/**
 * The text of a Markdown snippet as Anki compares a typed answer with it:
 * the field's HTML stripped of tags and comments, entities decoded, line
 * breaks as spaces; no list bullet, number or quote bar of the screen.
 */
export function plainText(markdown: string): string {
  return renderBlocks(markdown, 'text', undefined)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ')
}

/** Lines opening or closing a fenced code block: the fence, and the info string after it. */
const fencePattern = /^\s*(```+|~~~+)\s*(\S*)/

/** Whether `line` closes a block opened by `fence`. */
function closesFence(line: string, fence: string): boolean {
  const match = fencePattern.exec(line)
  return match !== null && match[1]!.startsWith(fence) && match[2] === ''
}

/** Every block of the field, styled per `look`, one or more lines each. */
function renderBlocks(markdown: string, look: Look, cloze: ClozeView | undefined): string {
  const color = look === 'ansi'
  const display = look !== 'text'
  // Control characters in the note are shown, never sent; the private-use
  // characters this renderer marks styles with cannot come from the note.
  const shown = terminalBlock(markdown).replace(reservedMarks, '\uFFFD')
  const lines = withoutComments(markClozes(shown, cloze).replace(/\r\n?/g, '\n').split('\n'))
  const output: string[] = []
  const dim = ansi(color, '2', '22')
  const bold = ansi(color, '1', '22')
  const inline = (text: string) => settleBlockBreaks(renderInline(text, look))
  const code = (text: string) => (display ? `${codeLine}    ${dim(text)}` : text)
  // A table row's cells, on one line: apart on screen, spaced as a typed answer's text.
  const cellGap = display ? dim(' │ ') : ' '
  let fence: string | undefined
  let table: number | undefined
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!
    if (fence !== undefined) {
      if (closesFence(line, fence)) fence = undefined
      else output.push(code(line))
      continue
    }
    const fenceMatch = fencePattern.exec(line)
    if (fenceMatch) {
      fence = fenceMatch[1]!
      continue
    }
    if (table !== undefined && !endsTable(line)) {
      output.push(rowCells(line, table).map(inline).join(cellGap))
      continue
    }
    table = tableColumns(line, lines[index + 1])
    if (table !== undefined) {
      output.push(rowCells(line, table).map(inline).join(cellGap))
      // The delimiter row is shown by no card.
      index += 1
      continue
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line)
    if (heading) {
      output.push(bold(inline(heading[2]!)))
      continue
    }
    const bullet = /^(\s*)[-*+]\s+(?:\[([ xX])\]\s+)?(.*)$/.exec(line)
    if (bullet && !/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      const box = bullet[2] === undefined ? '' : bullet[2] === ' ' ? '☐ ' : '☑ '
      output.push(display ? `${bullet[1]}  • ${box}${inline(bullet[3]!)}` : inline(bullet[3]!))
      continue
    }
    const numbered = /^(\s*)(\d+)[.)]\s+(.*)$/.exec(line)
    if (numbered) {
      const item = inline(numbered[3]!)
      output.push(display ? `${numbered[1]}  ${numbered[2]}. ${item}` : item)
      continue
    }
    const quote = /^\s*>\s?(.*)$/.exec(line)
    if (quote) {
      output.push(display ? `${dim('│')} ${inline(quote[1]!)}` : inline(quote[1]!))
      continue
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      if (display) output.push(dim('──────'))
      continue
    }
    if (/^ {4,}|^\t/.test(line) && line.trim() !== '') {
      output.push(code(line.replace(/^( {4}|\t)/, '')))
      continue
    }
    output.push(inline(line))
  }
  return finishStyles(finishClozes(collapseBlankLines(output).join('\n'), color))
}

/** The lines without HTML comments, which may span lines; a fenced code block keeps them. */
function withoutComments(lines: string[]): string[] {
  const result: string[] = []
  let prose: string[] = []
  const flush = () => {
    if (prose.length > 0) result.push(...dropComments(prose.join('\n')).split('\n'))
    prose = []
  }
  let fence: string | undefined
  for (const line of lines) {
    if (fence !== undefined) {
      result.push(line)
      if (closesFence(line, fence)) fence = undefined
      continue
    }
    const fenceMatch = fencePattern.exec(line)
    if (fenceMatch) {
      flush()
      fence = fenceMatch[1]!
      result.push(line)
      continue
    }
    prose.push(line)
  }
  flush()
  return result
}

/** The hidden texts of cloze `number` in a field, in order, as plain text. */
export function clozeAnswers(markdown: string, number: number): string[] {
  const answers: string[] = []
  for (const match of markdown.matchAll(clozePattern)) {
    if (Number(match[1]) === number) answers.push(plainText(match[2] ?? ''))
  }
  return answers
}

function markClozes(markdown: string, view: ClozeView | undefined): string {
  return markdown.replace(clozePattern, (_match, number: string, answer: string, hint) => {
    if (!view || Number(number) !== view.number) return answer
    if (view.reveal) return `${answerOpen}${answer}${answerClose}`
    return `${gapOpen}${hint === undefined || hint === '' ? '…' : hint}${gapClose}`
  })
}

function finishClozes(text: string, color: boolean): string {
  const gap = ansi(color, '1;36', '22;39')
  const answer = ansi(color, '1;36', '22;39')
  return text
    .replace(/\uE000([\s\S]*?)\uE001/g, (_match, inner: string) => gap(`[${inner}]`))
    .replace(/\uE002([\s\S]*?)\uE003/g, (_match, inner: string) =>
      color ? answer(inner) : `[${inner}]`,
    )
}

function collapseBlankLines(lines: string[]): string[] {
  const result: string[] = []
  for (const line of lines) {
    if (line.trim() === '' && (result.length === 0 || result.at(-1)!.trim() === '')) continue
    result.push(line)
  }
  while (result.length > 0 && result.at(-1)!.trim() === '') result.pop()
  return result
}

/**
 * What the span rules must not touch, found left to right as CommonMark reads
 * them: a backslash escape (any ASCII punctuation: `\_` is a `_`, never
 * emphasis), a code span, `$math$`. An escaped backtick opens no code span;
 * a backslash inside a code span is text.
 */
const literalPattern =
  /\\([!-/:-@[-`{-~])|(`+)([\s\S]*?[^`])\2(?!`)|\$\$[\s\S]+?\$\$|\$(?=\S)[^$\n]*?\S\$|\$\S\$/g

/**
 * Inline Markdown. Each literal part becomes one stand-in character while the
 * span rules run over the whole line (so `*a \* b*` or `` *`c`* `` is still
 * emphasis), then is put back as it is shown.
 */
function renderInline(text: string, look: Look): string {
  const color = look === 'ansi'
  const code = ansi(color, '36', '39')
  const literals: string[] = []
  const withSlots = text.replace(
    literalPattern,
    (whole, escaped: string | undefined, _fence, content: string | undefined) => {
      // More literal parts than stand-ins (thousands on one line): the rest keep their text.
      if (literals.length === literalSlots.count) return whole
      if (escaped !== undefined) literals.push(escaped)
      else if (content === undefined) literals.push(whole)
      else if (color) literals.push(code(codeSpanText(content)))
      else
        literals.push(look === 'markers' ? `\`${codeSpanText(content)}\`` : codeSpanText(content))
      return String.fromCharCode(literalSlots.first + literals.length - 1)
    },
  )
  return renderSpans(withSlots, look).replace(
    literalSlots.pattern,
    (slot) => literals[slot.charCodeAt(0) - literalSlots.first] ?? '\uFFFD',
  )
}

/**
 * A code span's text as CommonMark has it: one space comes off each end only
 * when both ends have one (`` ` a ` `` is `a`, `` `a ` `` keeps its space).
 */
function codeSpanText(content: string): string {
  const text = content.replace(/\n/g, ' ')
  return /^ [\s\S]* $/.test(text) && text.trim() !== '' ? text.slice(1, -1) : text
}

function renderSpans(text: string, look: Look): string {
  const color = look === 'ansi'
  const display = look !== 'text'
  // Without colour: keep the Markdown marker (`markers`) or drop it (`plain`, `text`).
  const marked = (marker: string, inner: string, end = marker) =>
    look === 'markers' ? `${marker}${inner}${end}` : inner
  const bold = ansi(color, '1', '22')
  const italic = ansi(color, '3', '23')
  const dim = ansi(color, '2', '22')
  const underline = ansi(color, '4', '24')
  const strike = ansi(color, '9', '29')
  // A typed answer never holds a picture or a sound: Anki compares the text alone.
  const placeholder = (label: string) => (display ? dim(`[${label}]`) : '')
  return (
    renderHtmlTags(text, look)
      // Embeds and images first, so their `[...]` is not read as a link.
      .replace(/!\[\[([^\]|]+)(?:\|[^\]]*)?\]\]/g, (_match, target: string) =>
        placeholder(target.trim()),
      )
      .replace(/!\[([^\]]*)\]\(([^)]*)\)/g, (_match, alt: string, source: string) =>
        placeholder(alt.trim() || source.trim()),
      )
      .replace(/\[sound:[^\]]*\]/g, (sound) => (display ? sound : ''))
      .replace(/\[\[([^\]|]+)(?:\|([^\]]+))?\]\]/g, (_match, target: string, alias) =>
        underline((alias ?? target).trim()),
      )
      .replace(/\[([^\]]+)\]\(([^)\s]*)(?:\s+"[^"]*")?\)/g, (_match, label: string) =>
        underline(label),
      )
      // As CommonMark: `*` may emphasise inside a word (`x*y*z`), `_` may not (`foo__bar__`).
      .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, (_match, inner: string) =>
        color ? bold(inner) : marked('**', inner),
      )
      .replace(
        /(?<![\p{L}\p{N}_])__(?=\S)([\s\S]*?\S)__(?![\p{L}\p{N}_])/gu,
        (_match, inner: string) => (color ? bold(inner) : marked('__', inner)),
      )
      .replace(/(?<!\*)\*(?=[^\s*])([^*]*?[^\s*])\*(?!\*)/g, (_match, inner: string) =>
        color ? italic(inner) : marked('*', inner),
      )
      .replace(
        /(?<![\p{L}\p{N}_])_(?=[^\s_])([^_]*?[^\s_])_(?![\p{L}\p{N}_])/gu,
        (_match, inner: string) => (color ? italic(inner) : marked('_', inner)),
      )
      .replace(/==(?=\S)([^=]*?\S)==/g, (_match, inner: string) =>
        color ? bold(inner) : marked('==', inner),
      )
      // GFM strikethrough, which the Anki renderer enables: `~~gone~~` is `<s>gone</s>`.
      .replace(/(?<!~)~~(?![\s~])([\s\S]*?[^\s~])~~(?!~)/g, (_match, inner: string) =>
        color ? strike(inner) : marked('~~', inner),
      )
      // Last: a decoded `*` or `<` is text (an escaped `\&` is a stand-in, so starts no entity).
      .replace(/&#?[a-z0-9]+;/gi, (whole) => decodeEntities(whole, decodedText))
  )
}

/** A decoded character as text: a line break or tab is a space, a style mark is not one. */
function decodedText(decoded: string): string {
  // A bidi override written as a reference (`&#x202E;`) is no more sent than a raw one.
  return decoded
    .replace(/[\t\n\r\f]/g, ' ')
    .replace(reservedMarks, '\uFFFD')
    .replace(/[\u202a-\u202e\u2066-\u2069]/g, '\uFFFD')
}
