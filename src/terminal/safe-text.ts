/**
 * User text on a terminal. Note types, fields, deck names and file names can
 * hold control characters: `ESC [2J` clears the screen, `ESC ]52` writes the
 * clipboard, a newline in a file name breaks `file:line:col`. Every human
 * output path shows such text through these helpers, which make the C0
 * controls, DEL, the C1 controls and bidi overrides visible (`\x1b`, `\n`,
 * `\x9b`, `\u202e`) instead of sending them. decklab's own colours are added
 * after escaping. JSON output needs none of this: JSON.stringify escapes C0
 * itself.
 */

import { verbatim } from './ascii-output.js'

// And the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069):
// a right-to-left override reorders what follows it on the line, as in
// "Trojan Source", so `file.md` could show as something else.
const controls = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g
const controlsButLines = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g

const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

function visible(char: string): string {
  const code = char.charCodeAt(0)
  if (code > 0xff) return `\\u${code.toString(16).padStart(4, '0')}`
  return named[char] ?? `\\x${code.toString(16).padStart(2, '0')}`
}

/** One line of user text (a file name, a deck, a message): every control character escaped. */
export function terminalLine(text: string): string {
  return text.replace(controls, visible)
}

/**
 * User text that may span lines (a card's field): newlines and tabs kept
 * (CRLF read as a newline), every other control character escaped.
 */
export function terminalBlock(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(controlsButLines, visible)
}

/**
 * A path on a terminal: its control characters escaped (`terminalLine`), and
 * written as it is where the terminal gets ASCII (`verbatim`), so it names
 * the file it names when copied.
 */
export function terminalPath(path: string): string {
  return verbatim(terminalLine(path))
}

/**
 * `path` unchanged, for a message built before it is shown (an error, a
 * diagnostic): a terminal that gets ASCII then shows it as it is
 * (`terminalPath`), `a→b.png` and not `a>b.png`, which names another file.
 */
export function pathInMessage(path: string): string {
  terminalPath(path)
  return path
}
