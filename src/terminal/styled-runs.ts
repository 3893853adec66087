/**
 * Terminal text as runs: pieces of text, each with its styles, and line
 * breaks. The Markdown renderer writes a field's tokens as runs; they become
 * lines at the end, the styles as SGR codes computed from the styles of each
 * run (so nesting and overlapping never leave a style on or cut one short).
 * Text from a note is made terminal-safe as it is written: it can never hold
 * an escape code, only this module writes them.
 */
import { terminalBlock } from './safe-text.js'

/**
 * Colour codes (`ansi`), Markdown markers kept (`markers`), text as a reader
 * sees it without colour (`plain`), or the bare text a typed answer is
 * compared with, as Anki strips a field's HTML (`text`: no bullet, number,
 * quote bar or image placeholder).
 */
export type Look = 'ansi' | 'markers' | 'plain' | 'text'

/** Style bits of a run. */
export const styles = {
  bold: 1,
  italic: 2,
  strike: 4,
  code: 8,
  underline: 16,
  dim: 32,
  /** A cloze deletion asked or revealed (bold cyan). */
  cloze: 64,
  /** A line of a code block: cut at the width, never wrapped. */
  codeBlock: 128,
} as const

/**
 * `text`: prose, where a cloze deletion's `{{c1::…}}` is read; `literal`:
 * code, math, markers and decorations, where it is not (the card writes a
 * code's `::` as a reference, so Anki's cloze filter never sees it there);
 * `break`: a line break.
 */
export type RunKind = 'text' | 'literal' | 'break'

export interface Run {
  text: string
  style: number
  kind: RunKind
}

/** One line of output: its text (with SGR codes in the `ansi` look) and whether it is code. */
export interface OutputLine {
  text: string
  code: boolean
}

/**
 * Note text as terminal text: controls and bidi overrides shown, never sent;
 * white space a space, and a no-break space too (as Anki compares a typed answer).
 */
export function safeProse(text: string): string {
  return terminalBlock(text.replace(/[\t\n\r\f\u00a0]/g, ' '))
}

/** A code line as terminal text: tabs kept, every other control shown. */
export function safeCode(text: string): string {
  return terminalBlock(text.replace(/\n/g, ' '))
}

/** SGR attributes: the bits that turn each on, its code on and off, and the channel its off code resets. */
const attributes = [
  { bits: styles.cloze, on: '1;36', off: '22;39', channels: ['intensity', 'colour'] },
  { bits: styles.bold, on: '1', off: '22', channels: ['intensity'] },
  { bits: styles.dim, on: '2', off: '22', channels: ['intensity'] },
  { bits: styles.italic, on: '3', off: '23', channels: ['italic'] },
  { bits: styles.underline, on: '4', off: '24', channels: ['underline'] },
  { bits: styles.strike, on: '9', off: '29', channels: ['strike'] },
  { bits: styles.code, on: '36', off: '39', channels: ['colour'] },
] as const

/** The escape codes that move the terminal from styles `from` to styles `to`. */
function transition(from: number, to: number): string {
  let codes = ''
  const reset = new Set<string>()
  for (const attribute of attributes) {
    if ((from & attribute.bits) !== 0 && (to & attribute.bits) === 0) {
      codes += `\u001b[${attribute.off}m`
      for (const channel of attribute.channels) reset.add(channel)
    }
  }
  for (const attribute of attributes) {
    const wanted = (to & attribute.bits) !== 0
    const had = (from & attribute.bits) !== 0
    const lost = attribute.channels.some((channel) => reset.has(channel))
    if (wanted && (!had || lost)) codes += `\u001b[${attribute.on}m`
  }
  return codes
}

/** Runs as lines; in colour, each line opens and closes its own styles. */
export function runLines(runs: readonly Run[], color: boolean): OutputLine[] {
  const lines: OutputLine[] = []
  let text = ''
  let code = false
  let current = 0
  const endLine = () => {
    if (color) text += transition(current, 0)
    lines.push({ text, code })
    text = ''
    code = false
    current = 0
  }
  for (const run of runs) {
    if (run.kind === 'break') {
      endLine()
      continue
    }
    if ((run.style & styles.codeBlock) !== 0) code = true
    if (run.text === '') continue
    const style = run.style & ~styles.codeBlock
    if (color && style !== current) {
      text += transition(current, style)
      current = style
    }
    text += run.text
  }
  endLine()
  return lines
}
