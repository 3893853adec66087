/**
 * What decklab writes to a terminal whose locale is not UTF-8 (`LANG=C`, a
 * Linux console set to a legacy charset): the quiz's and stats' rules and
 * marks, verify's and the labs' arrows (`fd 5 → socket:[…]`), cut lines'
 * `…`, are UTF-8 and show as mojibake there (`â”€â”€` for `──`). Each is
 * given an ASCII character of the same width, so lines still fit the widths
 * they were wrapped and cut to (only `≥` and `≤` take two, `>=` and `<=`,
 * and are measured so: `measureAsDrawn`); the
 * text of the cards is left as it is, beyond the marks the terminal renderer
 * adds to it (sub- and superscript digits, list bullets). Paths are shown
 * as they are (`verbatim`). JSON keeps every character, escaped (`\u2192`).
 */
import type { Writable } from 'node:stream'
import { escapeRegExp } from '../text/escape-regexp.js'

/** ASCII for each UTF-8 character of decklab's own chrome and the labs' observations. */
const asciiOf: Readonly<Record<string, string>> = {
  '─': '-',
  '│': '|',
  '·': '|',
  '→': '>',
  '↶': '<',
  '–': '-',
  '—': '-',
  '…': '~',
  '›': '>',
  '▸': '>',
  '•': '*',
  '█': '#',
  '▏': '|',
  '✓': '+',
  '✗': 'x',
  '☐': 'o',
  '☑': 'x',
  '‘': "'",
  '’': "'",
  '“': '"',
  '”': '"',
  '↔': '-',
  '×': 'x',
  µ: 'u',
  '−': '-',
  '≥': '>=',
  '≤': '<=',
  ...Object.fromEntries([...'₀₁₂₃₄₅₆₇₈₉'].map((digit, value) => [digit, String(value)])),
  ...Object.fromEntries([...'⁰¹²³⁴⁵⁶⁷⁸⁹'].map((digit, value) => [digit, String(value)])),
}

const chromeClass = `[${Object.keys(asciiOf).join('')}]`
const chrome = new RegExp(chromeClass, 'gu')

/** `text` with the chrome's characters in ASCII. */
export function toAscii(text: string): string {
  return text.replace(chrome, (character) => asciiOf[character] ?? character)
}

/**
 * Paths shown that hold one of the chrome's characters (`a→b.sock`,
 * `Alice’s notes.md`, `dist/A → B.apkg`): an ASCII stream writes each as
 * it is, wherever it stands in a line. A path is the name of a file the
 * user may copy or type: `a>b.sock` names another file, and the path's
 * bytes show on the terminal as any other text of the user's does.
 */
const verbatimTexts = new Set<string>()
let verbatimOrChrome: RegExp | undefined

/** `text` (a path), to be written as it is by an ASCII stream; returns it. */
export function verbatim(text: string): string {
  chrome.lastIndex = 0
  if (!verbatimTexts.has(text) && chrome.test(text)) {
    verbatimTexts.add(text)
    verbatimOrChrome = undefined
  }
  return text
}

/** `text` as an ASCII stream writes it: the chrome in ASCII, paths `verbatim` made kept. */
function asciiOutside(text: string): string {
  if (verbatimTexts.size === 0) return toAscii(text)
  verbatimOrChrome ??= new RegExp(
    `${[...verbatimTexts]
      .sort((left, right) => right.length - left.length)
      .map(escapeRegExp)
      .join('|')}|${chromeClass}`,
    'gu',
  )
  return text.replace(verbatimOrChrome, (match) =>
    verbatimTexts.has(match) ? match : (asciiOf[match] ?? match),
  )
}

/**
 * Whether the locale's charset is other than UTF-8: the first of `LC_ALL`,
 * `LC_CTYPE` and `LANG` that is set names it, as for every C program. None
 * set is taken as UTF-8: containers and ssh sessions often pass no locale to
 * a terminal that is UTF-8, and ASCII there would be a loss for nothing.
 */
export function localeNotUtf8(env: Record<string, string | undefined>): boolean {
  const locale = [env.LC_ALL, env.LC_CTYPE, env.LANG].find(
    (value) => value !== undefined && value !== '',
  )
  return locale !== undefined && !/utf-?8/i.test(locale)
}

/** Marks a stream `asciiStream` made; read through its proxy, so through any proxy around it. */
const asciiMark = Symbol('decklab ascii stream')

/**
 * `stream` with what is written to it in ASCII (`toAscii`); everything else
 * (isTTY, columns, events, errors) is the stream's own.
 */
export function asciiStream<T extends Writable>(stream: T): T {
  const write = (chunk: unknown, ...rest: unknown[]) => {
    const text =
      typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8')
    const callback = rest.find((value) => typeof value === 'function') as
      | ((error?: Error | null) => void)
      | undefined
    return stream.write(asciiOutside(text), 'utf8', callback)
  }
  return new Proxy(stream, {
    get(target, property) {
      if (property === 'write') return write
      if (property === asciiMark) return true
      const value = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

/** Whether what is written to `stream` is shown in ASCII (a stream `asciiStream` made, or a proxy around one). */
export function isAsciiStream(stream: object): boolean {
  return Reflect.get(stream, asciiMark) === true
}

/**
 * `json` (a JSON text) to write to `stream`: on a stream `asciiStream` made,
 * every character beyond ASCII escaped (`\u2192`), so the document says what
 * it says, in ASCII; elsewhere as it is.
 */
export function jsonFor(stream: object, json: string): string {
  if (!isAsciiStream(stream)) return json
  return escapedInJson(json, /[^\x00-\x7f]/g)
}

/**
 * `json` with each UTF-16 unit `units` (a global pattern) matches written
 * as a `\uXXXX` escape: the same JSON value, since such a character can only
 * stand inside a JSON string.
 */
export function escapedInJson(json: string, units: RegExp): string {
  return json.replace(
    units,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

/**
 * The marks whose ASCII stand-in takes more than one cell (`≥` as `>=`), with
 * their widths, for the terminal's line fitting (`measureAsDrawn`).
 */
export function widerInAscii(): Map<string, number> {
  return new Map(
    Object.entries(asciiOf).flatMap(([point, text]) =>
      text.length > 1 ? [[point, text.length] as const] : [],
    ),
  )
}
