/**
 * How the terminal renderer marks styles. They are written as private-use
 * characters and turned into escape codes at the very end, so later inline
 * rules never see the `[` of an escape code. The same characters in a note
 * are replaced first (`reservedMarks`): a note cannot forge a style.
 */

/**
 * Colour codes (`ansi`), Markdown markers kept (`markers`), text as a reader
 * sees it without colour (`plain`), or the bare text a typed answer is
 * compared with, as Anki strips a field's HTML (`text`: no bullet, number,
 * quote bar or image placeholder).
 */
export type Look = 'ansi' | 'markers' | 'plain' | 'text'

/** Every private-use character the renderer marks with (the styles, and `literalSlots`). */
export const reservedMarks = /[\uE000-\uE007\uE100-\uE7FF]/g

/**
 * Stand-ins for the literal parts of a line (escaped characters, code spans),
 * one character each, so the span rules treat them as one character of text.
 */
export const literalSlots = { first: 0xe100, count: 0x700, pattern: /[\uE100-\uE7FF]/g }

/** Marks a line of code, so the width pass cuts it instead of wrapping it. */
export const codeLine = '\uE006'

/** Where an HTML block element starts or ends: a line break, however many meet. */
export const blockBreak = '\uE007'

/** A style (`1` bold, `22` its end) around `text` when colour is on; otherwise `text`. */
export const ansi = (color: boolean, open: string, close: string) => (text: string) =>
  color && text !== '' ? `\uE004${open}\uE005${text}\uE004${close}\uE005` : text

/** Turn the style marks into SGR escape codes. */
export function finishStyles(text: string): string {
  return text.replace(/\uE004([\d;]+)\uE005/g, '\u001b[$1m')
}

/** Resolve block breaks: none at the ends of a line, one line break where several meet. */
export function settleBlockBreaks(line: string): string {
  if (!line.includes(blockBreak)) return line
  return line
    .replace(/^[\s\uE007]*\uE007\s*|\s*\uE007[\s\uE007]*$/g, '')
    .replace(/\s*\uE007[\s\uE007]*/g, '\n')
}
