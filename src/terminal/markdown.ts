/**
 * Markdown → styled terminal text for the quiz. A small line-based renderer
 * rather than a full Markdown parse: the quiz renders one card at a time and
 * the first card must appear at once, so only the text shown is ever touched.
 * It lives on the terminal floor, not in src/render (the HTML renderer for
 * Anki and the preview): it is text to terminal text, built on the terminal
 * helpers only, and the quiz core (which renders each card lazily while it
 * runs) may use it without importing another stage.
 */

import { terminalBlock } from './safe-text.js'
import { cutLine, wrapLine } from './wrap.js'

/** Styling switches; every style is the identity when `color` is false. */
export interface TerminalStyle {
  color: boolean
}

/** Colour codes, Markdown markers kept, or plain text. */
type Look = 'ansi' | 'markers' | 'plain'

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

// Styles are written as private-use markers and turned into escape codes at
// the very end, so later inline rules never see the `[` of an escape code.
/** Marks a line of code, so the width pass cuts it instead of wrapping it. */
const codeLine = '\uE006'

const ansi = (color: boolean, open: string, close: string) => (text: string) =>
  color && text !== '' ? `\uE004${open}\uE005${text}\uE004${close}\uE005` : text

function finishStyles(text: string): string {
  return text.replace(/\uE004([\d;]+)\uE005/g, '\u001b[$1m')
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
  // Control characters in the note are shown, never sent; the private-use
  // characters this renderer marks styles with cannot come from the note.
  const shown = terminalBlock(markdown).replace(/[\uE000-\uE005]/g, '\uFFFD')
  const withClozes = markClozes(shown, options.cloze)
  const lines = withClozes.replace(/\r\n?/g, '\n').split('\n')
  const output: string[] = []
  const dim = ansi(color, '2', '22')
  const bold = ansi(color, '1', '22')
  let fence: string | undefined
  for (const line of lines) {
    const fenceMatch = /^\s*(```+|~~~+)\s*(\S*)/.exec(line)
    if (fence !== undefined) {
      if (fenceMatch && fenceMatch[1]!.startsWith(fence) && fenceMatch[2] === '') {
        fence = undefined
        continue
      }
      output.push(`${codeLine}    ${dim(line)}`)
      continue
    }
    if (fenceMatch) {
      fence = fenceMatch[1]!
      continue
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line)
    if (heading) {
      output.push(bold(renderInline(heading[2]!, look)))
      continue
    }
    const bullet = /^(\s*)[-*+]\s+(?:\[([ xX])\]\s+)?(.*)$/.exec(line)
    if (bullet && !/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      const box = bullet[2] === undefined ? '' : bullet[2] === ' ' ? '☐ ' : '☑ '
      output.push(`${bullet[1]}  • ${box}${renderInline(bullet[3]!, look)}`)
      continue
    }
    const numbered = /^(\s*)(\d+)[.)]\s+(.*)$/.exec(line)
    if (numbered) {
      output.push(`${numbered[1]}  ${numbered[2]}. ${renderInline(numbered[3]!, look)}`)
      continue
    }
    const quote = /^\s*>\s?(.*)$/.exec(line)
    if (quote) {
      output.push(`${dim('│')} ${renderInline(quote[1]!, look)}`)
      continue
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      output.push(dim('──────'))
      continue
    }
    if (/^ {4,}|^\t/.test(line) && line.trim() !== '') {
      output.push(`${codeLine}    ${dim(line.replace(/^( {4}|\t)/, ''))}`)
      continue
    }
    output.push(renderInline(line, look))
  }
  const text = finishStyles(finishClozes(collapseBlankLines(output).join('\n'), color))
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

/** Plain text of a Markdown snippet (no styling), e.g. the expected typed answer. */
export function plainText(markdown: string): string {
  return renderTerminal(markdown, { color: false, markers: false })
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n')
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

/** Code spans and `$math$` are literal; everything between them gets the span rules. */
const literalPattern = /(`+)([\s\S]*?[^`])\1(?!`)|\$\$[\s\S]+?\$\$|\$(?=\S)[^$\n]*?\S\$|\$\S\$/g

/** Inline Markdown: code spans and math first (their content is literal), then the rest. */
function renderInline(text: string, look: Look): string {
  const color = look === 'ansi'
  const code = ansi(color, '36', '39')
  let result = ''
  let last = 0
  for (const match of text.matchAll(literalPattern)) {
    result += renderSpans(text.slice(last, match.index), look)
    const content = match[2]
    if (content === undefined) result += match[0]
    else
      result += color
        ? code(content.trim())
        : look === 'markers'
          ? `\`${content.trim()}\``
          : content.trim()
    last = match.index + match[0].length
  }
  return result + renderSpans(text.slice(last), look)
}

function renderSpans(text: string, look: Look): string {
  const color = look === 'ansi'
  // Without colour: keep the Markdown marker (`markers`) or drop it (`plain`).
  const marked = (marker: string, inner: string, end = marker) =>
    look === 'markers' ? `${marker}${inner}${end}` : inner
  const bold = ansi(color, '1', '22')
  const italic = ansi(color, '3', '23')
  const dim = ansi(color, '2', '22')
  const underline = ansi(color, '4', '24')
  return (
    text
      // Embeds and images first, so their `[...]` is not read as a link.
      .replace(/!\[\[([^\]|]+)(?:\|[^\]]*)?\]\]/g, (_match, target: string) =>
        dim(`[${target.trim()}]`),
      )
      .replace(/!\[([^\]]*)\]\(([^)]*)\)/g, (_match, alt: string, source: string) =>
        dim(`[${alt.trim() || source.trim()}]`),
      )
      .replace(/\[\[([^\]|]+)(?:\|([^\]]+))?\]\]/g, (_match, target: string, alias) =>
        underline((alias ?? target).trim()),
      )
      .replace(/\[([^\]]+)\]\(([^)\s]*)(?:\s+"[^"]*")?\)/g, (_match, label: string) =>
        underline(label),
      )
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/?(?:b|strong)>/gi, look === 'markers' ? '**' : '')
      .replace(/<\/?(?:i|em)>/gi, look === 'markers' ? '*' : '')
      .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, (_match, marker: string, inner: string) =>
        color ? bold(inner) : marked(marker, inner),
      )
      .replace(
        /(^|[^*\w])([*_])(?=\S)([^*_]*?\S)\2(?![*\w])/g,
        (_match, before, marker, inner) =>
          `${before}${color ? italic(inner) : marked(marker, inner)}`,
      )
      .replace(/==(?=\S)([^=]*?\S)==/g, (_match, inner: string) =>
        color ? bold(inner) : marked('==', inner),
      )
      .replace(/&nbsp;/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
      .replace(/\\([\\`*_{}[\]()#+\-.!|$])/g, '$1')
  )
}
