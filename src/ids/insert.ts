/**
 * Inserting `<!--ID: N-->` comments (or `ID: N` lines, when the vault's
 * "ID Comments" setting is off) into a file's text, in the plugin's forms,
 * leaving every other byte as it was.
 */
import type { NoteKind } from '../model/note.js'

/** One ID to insert at an offset of the file text (BOM excluded). */
export interface IdInsertion {
  offset: number
  id: number
  kind: NoteKind
  /** `ID: N` instead of `<!--ID: N-->` (the plugin's "ID Comments" off). */
  bare?: boolean | undefined
}

/**
 * The text an insertion adds at its offset of `text`. Block notes: the ID on
 * its own line before `END`; inline notes: `<!--ID: N--> ` before `ENDI` (the
 * plugin's inline form); regex notes: the ID on a line of its own after the
 * match, every other line left as it was (see `regexIdText`).
 */
export function idText(insertion: IdInsertion, text: string, fileLineEnding: string): string {
  const comment = idMarker(insertion)
  const lineEnding = lineEndingAt(text, insertion.offset, fileLineEnding)
  switch (insertion.kind) {
    case 'block':
      return `${comment}${lineEnding}`
    case 'inline':
      return `${comment} `
    case 'regex':
      return regexIdText(comment, text, insertion.offset, lineEnding)
  }
}

/**
 * A regex note's ID line. The plugin inserts `\n<!--ID: N-->\n` at the match
 * end, then drops one line break before any ID line (`fix_newline_ids`); its
 * result, without the blank line it leaves after a match that ends a line:
 * - a match that ends with its line break (the wiki's table regex, `…\n?`):
 *   the ID line goes before the next line, which stays as it was (writing
 *   a line break first would glue the ID onto the next line);
 * - a match that ends its line's text (or the file): the ID goes on a new
 *   line after it; blanks after the match stay at the end of the ID line;
 * - a match that ends inside a line: the rest of the line goes on the line
 *   after the ID, as the plugin writes it, so the ID line holds only the ID.
 */
function regexIdText(comment: string, text: string, offset: number, lineEnding: string): string {
  if (offset === 0 || text[offset - 1] === '\n') return `${comment}${lineEnding}`
  const lineEnd = text.indexOf('\n', offset)
  const rest = text.slice(offset, lineEnd === -1 ? text.length : lineEnd)
  if (/^[ \t\r]*$/.test(rest)) return `${lineEnding}${comment}`
  return `${lineEnding}${comment}${lineEnding}`
}

/** The ID as the vault writes it: `<!--ID: N-->`, or `ID: N` with "ID Comments" off. */
export function idMarker(insertion: Pick<IdInsertion, 'id' | 'bare'>): string {
  return insertion.bare ? `ID: ${insertion.id}` : `<!--ID: ${insertion.id}-->`
}

/**
 * The line ending to use at an offset: the one that ends the line before
 * it (so a CRLF file gets CRLF even if it mixes endings), else the file's.
 */
export function lineEndingAt(text: string, offset: number, fallback: string): string {
  if (text[offset - 1] === '\n') return text[offset - 2] === '\r' ? '\r\n' : '\n'
  const next = text.indexOf('\n', offset)
  if (next > 0) return text[next - 1] === '\r' ? '\r\n' : '\n'
  return fallback
}

/** The text with every insertion applied (offsets refer to the original text). */
export function insertIds(
  text: string,
  insertions: readonly IdInsertion[],
  fileLineEnding = '\n',
): string {
  const sorted = [...insertions].sort((a, b) => a.offset - b.offset)
  let result = ''
  let position = 0
  for (const insertion of sorted) {
    if (insertion.offset < position || insertion.offset > text.length) {
      throw new Error(`expected an insertion offset within the text, got ${insertion.offset}`)
    }
    result += text.slice(position, insertion.offset)
    result += idText(insertion, text, fileLineEnding)
    position = insertion.offset
  }
  return result + text.slice(position)
}
