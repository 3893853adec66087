import type { Readable, Writable } from 'node:stream'
import { escapedInJson, isAsciiStream, jsonFor } from './ascii-output.js'
import { type Colors, createColors, shouldColor } from './colors.js'
import { wrapLine } from './wrap.js'

/**
 * Everything a command may touch of the outside world. Commands never read
 * `process.*` or call `console.*`: tests pass a memory Io instead. It lives on
 * the terminal floor (not in `cli/`) because stages such as `labs/serve` take
 * it too, and no stage may import `cli/`.
 */
export interface Io {
  cwd: string
  env: Record<string, string | undefined>
  stdin: Readable & { isTTY?: boolean | undefined }
  stdout: Writable & { isTTY?: boolean | undefined; columns?: number | undefined }
  stderr: Writable & { isTTY?: boolean | undefined; columns?: number | undefined }
  /** The clock; injected so builds and schedules are reproducible in tests. */
  now: () => Date
  signal: AbortSignal
}

/** Colours for stderr (where human output goes). */
export function stderrColors(io: Io): Colors {
  return createColors(shouldColor(io.stderr, io.env))
}

/** Colours for stdout. */
export function stdoutColors(io: Io): Colors {
  return createColors(shouldColor(io.stdout, io.env))
}

export function writeLine(stream: Writable, text = ''): void {
  stream.write(`${text}\n`)
}

/**
 * Characters `JSON.stringify` leaves raw that a terminal acts on or that
 * reorder a line: C1 controls (U+009B is CSI), bidi overrides and isolates,
 * and the line and paragraph separators.
 */
const unsafeInJson = /[\u0080-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/**
 * Print a machine-readable result: one JSON document on stdout. Card text
 * in it is hostile: the characters of `unsafeInJson` are written as `\uXXXX`
 * escapes, the same value to every JSON reader, so `… --json | less` shows
 * them, not their effect.
 */
export function writeJson(io: Io, value: unknown): void {
  const json = `${JSON.stringify(value, null, 2)}\n`
  if (isAsciiStream(io.stdout)) {
    io.stdout.write(jsonFor(io.stdout, json))
    return
  }
  // Looked for in the UTF-8 the stream gets anyway: a regex over the text (6 MB from
  // `check --json`) kept a flat copy of it alive beside the bytes.
  const bytes = Buffer.from(json, 'utf8')
  if (!hasUnsafeUtf8(bytes)) {
    io.stdout.write(bytes)
    return
  }
  io.stdout.write(escapedInJson(json, unsafeInJson))
}

/** Whether UTF-8 `bytes` hold a character of `unsafeInJson`. */
function hasUnsafeUtf8(bytes: Buffer): boolean {
  // U+0080–U+009F: C2 80–C2 9F.
  for (let at = bytes.indexOf(0xc2); at !== -1; at = bytes.indexOf(0xc2, at + 1)) {
    if ((bytes[at + 1] ?? 0) <= 0x9f) return true
  }
  // U+2028–U+202E: E2 80 A8–AE; U+2066–U+2069: E2 81 A6–A9.
  for (let at = bytes.indexOf(0xe2); at !== -1; at = bytes.indexOf(0xe2, at + 1)) {
    const second = bytes[at + 1]
    const third = bytes[at + 2] ?? 0
    if (second === 0x80 && third >= 0xa8 && third <= 0xae) return true
    if (second === 0x81 && third >= 0xa6 && third <= 0xa9) return true
  }
  return false
}

/**
 * A terminal's width: its `columns` when the terminal knows them, else
 * `COLUMNS` when that is a positive integer, else 80. A pseudo-terminal made
 * from a non-terminal (`script -qfc … /dev/null` under a pipe) says 0 columns,
 * which means unknown, not zero.
 */
export function terminalColumns(
  stream: { columns?: number | undefined },
  env: Record<string, string | undefined>,
): number {
  const { columns } = stream
  if (columns !== undefined && Number.isInteger(columns) && columns > 0) return columns
  const fromEnv = env.COLUMNS?.trim() ?? ''
  if (/^[0-9]+$/.test(fromEnv) && Number(fromEnv) > 0) return Number(fromEnv)
  return 80
}

/**
 * The width `stream`'s lines are fitted to: a terminal's (`terminalColumns`),
 * which would itself break a line inside a word; undefined for a pipe or a
 * file, which gets every line whole.
 */
export function fitWidth(
  stream: { isTTY?: boolean | undefined; columns?: number | undefined },
  env: Record<string, string | undefined>,
): number | undefined {
  return stream.isTTY === true ? terminalColumns(stream, env) : undefined
}

/** Each line of `text` wrapped at words to `columns` (its final newline kept); `text` as it is when undefined. */
export function fitText(text: string, columns: number | undefined): string {
  if (columns === undefined || text === '') return text
  const ends = text.endsWith('\n')
  const lines = (ends ? text.slice(0, -1) : text).split('\n')
  return `${lines.flatMap((line) => wrapLine(line, columns)).join('\n')}${ends ? '\n' : ''}`
}

/** Text for stderr, fitted to it (`fitWidth`): a warning wraps at words on a terminal. */
export function fitStderr(io: Io, text: string): string {
  return fitText(text, fitWidth(io.stderr, io.env))
}
