import { readFile, stat } from 'node:fs/promises'
import { createDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js'
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
 * Read and decode one note file. A file that is not UTF-8 text (invalid
 * sequences or NUL bytes) or cannot be read becomes a diagnostic, never an
 * exception.
 */
export async function readSourceFile(
  absolutePath: string,
  file: string,
  vaultRoot: string,
): Promise<{ source?: SourceFile | undefined; diagnostic?: Diagnostic | undefined }> {
  let bytes: Buffer
  let mtimeMs: number
  try {
    const [content, stats] = await Promise.all([readFile(absolutePath), stat(absolutePath)])
    bytes = content
    mtimeMs = stats.mtimeMs
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO'
    return {
      diagnostic: createDiagnostic(
        file,
        1,
        1,
        'error',
        'unreadable-file',
        `Unexpected \`${code}\` reading the file, expected a readable file`,
      ),
    }
  }
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
  const body = bom ? bytes.subarray(3) : bytes
  const nul = body.indexOf(0)
  let text: string | undefined
  if (nul === -1) {
    try {
      text = decoder.decode(body)
    } catch {
      text = undefined
    }
  }
  if (text === undefined) {
    const bad = nul !== -1 ? nul : firstInvalidUtf8(body)
    const { line, column } = bytePosition(body, bad)
    return {
      diagnostic: createDiagnostic(
        file,
        line,
        column,
        'error',
        'not-utf8',
        nul !== -1
          ? 'Unexpected NUL byte, expected UTF-8 text; the file is skipped'
          : 'Unexpected byte that is not UTF-8, expected UTF-8 text; the file is skipped',
        'save the file as UTF-8',
      ),
    }
  }
  return {
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
