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
 * The text an insertion adds. Block notes: the ID on its own line before
 * `END`; inline notes: `<!--ID: N--> ` before `ENDI` (the plugin's inline
 * form); regex notes: a new line after the match, so the paragraph's own
 * line break and spacing stay as they were.
 */
export function idText(insertion: IdInsertion, lineEnding: string): string {
  const comment = idMarker(insertion)
  switch (insertion.kind) {
    case 'block':
      return `${comment}${lineEnding}`
    case 'inline':
      return `${comment} `
    case 'regex':
      return `${lineEnding}${comment}`
  }
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
    result += idText(insertion, lineEndingAt(text, insertion.offset, fileLineEnding))
    position = insertion.offset
  }
  return result + text.slice(position)
}
