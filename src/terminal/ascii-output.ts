/**
 * The quiz's and stats' screens on a terminal whose locale is not UTF-8 (`LANG=C`, a
 * Linux console set to a legacy charset): its rules, separators, arrows and
 * marks are UTF-8 and show as mojibake there (`â”€â”€` for `──`). Each is
 * given an ASCII character of the same width, so lines still fit the widths
 * they were wrapped and cut to; the text of the cards is left as it is,
 * beyond the marks the terminal renderer adds to it (sub- and superscript
 * digits, list bullets).
 */
import type { Writable } from 'node:stream'
import type { Io } from './io.js'

/** One ASCII character for each UTF-8 character of the quiz's own chrome. */
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
  ...Object.fromEntries([...'₀₁₂₃₄₅₆₇₈₉'].map((digit, value) => [digit, String(value)])),
  ...Object.fromEntries([...'⁰¹²³⁴⁵⁶⁷⁸⁹'].map((digit, value) => [digit, String(value)])),
}

const chrome = new RegExp(`[${Object.keys(asciiOf).join('')}]`, 'gu')

/** `text` with the chrome's characters in ASCII. */
export function toAscii(text: string): string {
  return text.replace(chrome, (character) => asciiOf[character] ?? character)
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
    return stream.write(toAscii(text), 'utf8', callback)
  }
  return new Proxy(stream, {
    get(target, property) {
      if (property === 'write') return write
      const value = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

/**
 * `io` with what goes to a terminal in ASCII, for a locale that is not
 * UTF-8. Pipes and files get the text as it is.
 */
export function asciiTerminal(io: Io): Io {
  const ascii = <T extends Io['stdout']>(stream: T) =>
    stream.isTTY === true ? asciiStream(stream) : stream
  const stdout = once(() => ascii(io.stdout))
  const stderr = once(() => ascii(io.stderr))
  // Getters: `stdin` and `stdout` are opened on first use (main.ts).
  return {
    cwd: io.cwd,
    env: io.env,
    now: io.now,
    signal: io.signal,
    get stdin() {
      return io.stdin
    },
    get stdout() {
      return stdout()
    },
    get stderr() {
      return stderr()
    },
  }
}

/** `make`'s value, made on the first call. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined
  return () => {
    made ??= { value: make() }
    return made.value
  }
}
