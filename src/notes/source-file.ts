import { isUtf8 } from 'node:buffer'
import { statSync } from 'node:fs'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { createReporter, type Reporter } from '../diagnostics/reporter.js'
import { FileTooLargeError, NotRegularFileError, readRegularFileSync } from '../fs/regular-file.js'
import { detectEol } from './text-lines.js'

/** A note file as read from disk. */
export interface SourceFile {
  /** Relative to the current directory, `/`-separated. */
  file: string
  absolutePath: string
  /** Absolute; the folder holding `.obsidian/`, else the folder given (or the file's folder). */
  vaultRoot: string
  /** The original text exactly as on disk, decoded UTF-8, BOM removed (CRLF kept). */
  text: string
  bom: boolean
  /** The file's line ending (the first one found; `\n` if none). */
  eol: '\n' | '\r\n'
  mtimeMs: number
  size: number
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * Note files larger than this are refused by their size, never read. A note
 * is text a person writes; a shared vault's 2 GB `.md` was read whole into
 * memory (1 GB of it took 1 GB and 14 s before its first NUL byte was
 * reported), and past 2 GiB Node could not read it at all (`ERR_OUT_OF_RANGE`).
 */
export const maxNoteBytes = 16 * 1024 * 1024

/** Note files are decoded straight from one reused buffer: no new buffer per file. */
const scratch = Buffer.allocUnsafeSlow(256 * 1024)

/**
 * Read and decode one note file. A file that is not UTF-8 text (invalid
 * sequences or NUL bytes) or cannot be read becomes a diagnostic, never an
 * exception.
 */
export function readSourceFile(
  absolutePath: string,
  file: string,
  vaultRoot: string,
  /** What the caller saw there: a regular file, and one that is not a link (see `readRegularFileSync`). */
  seen: { typeChecked?: boolean; noFollow?: boolean } = {},
): {
  source?: SourceFile | undefined
  diagnostic?: Diagnostic | undefined
  /** Device and inode of the file (`dev:ino`), when known: the same file reached by two paths. */
  identity?: string | undefined
} {
  // Each problem skips the file: one diagnostic, returned.
  const report = createReporter(file)
  let bytes: Buffer
  let mtimeMs: number
  let identity: string | undefined
  try {
    const read = readRegularFileSync(absolutePath, {
      ...seen,
      into: scratch,
      maxBytes: maxNoteBytes,
    })
    bytes = read.bytes
    mtimeMs = read.stats.mtimeMs
    identity = `${read.stats.dev}:${read.stats.ino}`
  } catch (error) {
    identity = identityOf(absolutePath)
    if (error instanceof FileTooLargeError) {
      return {
        identity,
        diagnostic: report.error(
          'note-too-large',
          `Unexpected note file of ${(error.size / 1024 / 1024).toFixed(1)} MiB, expected at most ${maxNoteBytes / 1024 / 1024} MiB of text; it is not read`,
          { hint: 'split it into smaller notes, or rename it if it is no note' },
        ),
      }
    }
    if (error instanceof NotRegularFileError) {
      return {
        identity,
        diagnostic: report.error(
          'not-regular-file',
          `Unexpected file type (${error.kind}), expected a regular note file; it is not read`,
        ),
      }
    }
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO'
    return {
      identity,
      diagnostic: report.error(
        'unreadable-file',
        `Unexpected \`${code}\` reading the file, expected a readable file`,
      ),
    }
  }
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
  const body = bom ? bytes.subarray(3) : bytes
  const nul = body.indexOf(0)
  let text: string | undefined
  // `isUtf8` validates with the same rules as the fatal decoder, and `toString` then
  // decodes several times faster than `TextDecoder` (its fatal mode is slow in Node).
  if (nul === -1 && isUtf8(body)) text = body.toString('utf8')
  if (text === undefined) return { identity, diagnostic: notUtf8(report, body, nul) }
  const loneCr = firstLoneCr(text)
  if (loneCr !== -1) {
    const before = text.slice(0, loneCr)
    const line = before.split('\n').length
    return {
      identity,
      diagnostic: report.error(
        'cr-line-endings',
        'Unexpected line ending `\\r` alone (old Mac style), expected `\\n` or `\\r\\n`; the file is skipped',
        {
          place: { line, column: loneCr - before.lastIndexOf('\n') },
          hint: "convert it, e.g. `perl -pi -e 's/\\r\\n?/\\n/g' FILE`",
        },
      ),
    }
  }
  return {
    identity,
    source: {
      file,
      absolutePath,
      vaultRoot,
      text,
      bom,
      eol: detectEol(text),
      mtimeMs,
      size: bytes.length,
    },
  }
}

/** The `not-utf8` error of a file that did not decode: where, and why. */
function notUtf8(report: Reporter, body: Buffer, nul: number): Diagnostic {
  if (isUtf16(body)) {
    // Windows Notepad's "Unicode": every ASCII letter is followed by a NUL, which
    // alone would be reported at 1:4 as a NUL byte the editor never shows.
    return report.error(
      'not-utf8',
      'Unexpected UTF-16 text (the file starts with a UTF-16 byte-order mark), expected UTF-8 text; the file is skipped',
      {
        place: { line: 1, column: 1 },
        hint: 'save the file as UTF-8 (in Notepad: File → Save as, Encoding: UTF-8)',
      },
    )
  }
  const unmarked = nul !== -1 ? utf16WithoutMark(body) : undefined
  if (unmarked) {
    // Saved without a byte-order mark (PowerShell's and some exporters' "Unicode"): the
    // NUL after each ASCII letter is no byte an editor that detects UTF-16 ever shows.
    return report.error(
      'not-utf8',
      `Unexpected UTF-16 text without a byte-order mark (a NUL byte beside each letter), expected UTF-8 text; the file is skipped`,
      {
        place: { line: 1, column: 1 },
        hint: `save the file as UTF-8 (\`iconv -f ${unmarked} -t UTF-8 FILE > NEW\`)`,
      },
    )
  }
  const bad = nul !== -1 ? nul : firstInvalidUtf8(body)
  const { line, column } = bytePosition(body, bad)
  if (nul !== -1) {
    return report.error(
      'not-utf8',
      'Unexpected NUL byte, expected UTF-8 text; the file is skipped',
      {
        place: { line, column },
        hint: 'save the file as UTF-8',
      },
    )
  }
  // The byte tells the encoding: 0x93 is a Windows-1252 curly quote, 0xE9 a Latin-1 é.
  const byte = `0x${(body[bad] ?? 0).toString(16).toUpperCase().padStart(2, '0')}`
  return report.error(
    'not-utf8',
    `Unexpected byte \`${byte}\` that is not UTF-8, expected UTF-8 text; the file is skipped`,
    {
      place: { line, column },
      hint: 'save the file as UTF-8 (a file from Windows or an old editor is often Windows-1252: `iconv -f WINDOWS-1252 -t UTF-8 FILE > NEW`)',
    },
  )
}

/**
 * Whether the file starts with a UTF-16 byte-order mark (`FF FE`, `FE FF`).
 * Neither byte is ever UTF-8, so no UTF-8 file is taken for UTF-16.
 */
function isUtf16(bytes: Uint8Array): boolean {
  const [first, second] = bytes
  return (first === 0xff && second === 0xfe) || (first === 0xfe && second === 0xff)
}

/**
 * The UTF-16 form of text without a byte-order mark, from its first bytes:
 * `UTF-16LE` when each even byte is a character and each odd one NUL (ASCII
 * text), `UTF-16BE` the other way round; undefined otherwise (a UTF-8 file
 * with a stray NUL has NULs here and there, not at every other byte).
 */
function utf16WithoutMark(bytes: Uint8Array): 'UTF-16LE' | 'UTF-16BE' | undefined {
  const length = Math.min(bytes.length, 64) & ~1
  if (length < 4) return undefined
  let little = true
  let big = true
  for (let index = 0; index < length; index += 2) {
    const even = bytes[index]!
    const odd = bytes[index + 1]!
    little &&= even !== 0 && odd === 0
    big &&= even === 0 && odd !== 0
  }
  return little ? 'UTF-16LE' : big ? 'UTF-16BE' : undefined
}

/** `dev:ino` of what is at a path, or undefined when nothing can be seen there. */
function identityOf(path: string): string | undefined {
  try {
    const stats = statSync(path, { throwIfNoEntry: false })
    return stats ? `${stats.dev}:${stats.ino}` : undefined
  } catch {
    return undefined
  }
}

/**
 * Offset of the first `\r` that ends a line on its own, or -1. A file with
 * lone CRs as line endings would otherwise read as one long line: no card
 * found and no hint why. One stray CR inside an LF file's line is text.
 */
function firstLoneCr(text: string): number {
  let lone = -1
  let count = 0
  for (let index = text.indexOf('\r'); index !== -1; index = text.indexOf('\r', index + 1)) {
    if (text.charCodeAt(index + 1) === 10) continue
    if (lone === -1) lone = index
    count++
  }
  if (count === 0) return -1
  let newlines = 0
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1))
    newlines++
  return count > newlines ? lone : -1
}

/** Offset of the first byte that breaks UTF-8 (only called once decoding failed). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let index = 0
  while (index < bytes.length) {
    const byte = bytes[index]!
    const length =
      byte < 0x80
        ? 1
        : byte >= 0xc2 && byte < 0xe0
          ? 2
          : byte >= 0xe0 && byte < 0xf0
            ? 3
            : byte >= 0xf0 && byte < 0xf5
              ? 4
              : 0
    if (length === 0) return index
    if (length > 1) {
      try {
        decoder.decode(bytes.subarray(index, index + length))
      } catch {
        return index
      }
    }
    index += length
  }
  return Math.max(0, bytes.length - 1)
}

/** 1-based line and (UTF-16) column of a byte offset, counting the valid text before it. */
function bytePosition(bytes: Uint8Array, offset: number): { line: number; column: number } {
  const before = new TextDecoder('utf-8').decode(bytes.subarray(0, offset))
  const lastNewline = before.lastIndexOf('\n')
  let line = 1
  for (let index = before.indexOf('\n'); index !== -1; index = before.indexOf('\n', index + 1))
    line++
  return { line, column: before.length - lastNewline }
}
