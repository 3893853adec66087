import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { createReporter } from '../diagnostics/reporter.js'
import { InterruptedError } from '../errors.js'
import type { Note } from '../model/note.js'
import { fieldPlacesIn } from './field-places.js'
import { parseNoteFile } from './parse-note-file.js'
import type { RegexBudget } from './regex-match.js'
import { resolveNotes } from './resolve-notes.js'
import type { ScannedFile } from './scan-files.js'
import type { VaultSettings } from './settings.js'
import { readSourceFile, type SourceFile } from './source-file.js'

/** A note file to load: where it is, how it is shown, and whether a regular file was seen there. */
export interface NoteFileEntry extends ScannedFile {
  /** Relative to the current directory, `/`-separated. */
  file: string
  /** A regular file was there when the vault was scanned (see `readRegularFileSync`). */
  isRegular: boolean
  /** It was not a link then: one there now is not followed. */
  notLink: boolean
  /** Its path is its real path (no link on the way): preferred when two paths reach one file. */
  isRealPath: boolean
}

/** What one file gives the vault: its source (when readable), notes and diagnostics, in report order. */
export interface LoadedNoteFile {
  /** Device and inode (`dev:ino`), when known: another path to the same file gives the same. */
  identity?: string | undefined
  source?: SourceFile | undefined
  notes: Note[]
  diagnostics: Diagnostic[]
}

/**
 * Read, parse and resolve one note file. Problems are diagnostics; a parser
 * bug is reported on the file, so it never hides the other files. Only an
 * interrupt (from a custom regex's sandbox) is thrown.
 */
export function loadNoteFile(
  entry: NoteFileEntry,
  settings: VaultSettings,
  deck: string | undefined,
  regexBudget: RegexBudget,
  /** Whether a file with this identity was read already under a path preferred to this one. */
  isReadAlready: (identity: string) => boolean = () => false,
): LoadedNoteFile {
  // Read here, synchronously: the files are small, and the caller lets signals in.
  const read = readSourceFile(entry.absolutePath, entry.file, entry.vaultRoot, {
    typeChecked: entry.isRegular,
    noFollow: entry.notLink,
  })
  const identity = read.identity
  const diagnostics: Diagnostic[] = read.diagnostic ? [read.diagnostic] : []
  const source = read.source
  if (!source) return { identity, notes: [], diagnostics }
  // A hard link to a file already parsed: not parsed again (custom regexes would spend their budget twice).
  if (identity !== undefined && isReadAlready(identity)) return { identity, notes: [], diagnostics }
  try {
    const parsed = parseNoteFile(source.text, { file: entry.file, settings, regexBudget })
    for (const diagnostic of parsed.diagnostics) diagnostics.push(diagnostic)
    const resolved = resolveNotes(parsed, {
      file: entry.file,
      absolutePath: entry.absolutePath,
      vaultRoot: entry.vaultRoot,
      vaultPath: entry.vaultPath,
      settings,
      deck,
      fieldPlacesOf: fieldPlacesIn(source.text, entry.file, settings),
    })
    for (const diagnostic of resolved.diagnostics) diagnostics.push(diagnostic)
    return { identity, source, notes: resolved.notes, diagnostics }
  } catch (error) {
    if (error instanceof InterruptedError) throw error
    createReporter(entry.file, diagnostics).error(
      'internal-parse-error',
      `Unexpected internal error while parsing (${(error as Error).message}), expected a parse; please report this file`,
    )
    return { identity, source, notes: [], diagnostics }
  }
}
