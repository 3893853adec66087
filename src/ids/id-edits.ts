/**
 * The text edits that give synced notes their Anki IDs: a new `<!--ID: N-->`
 * for a note that had none, or the number swapped for a note Anki did not
 * have (added again, so it got a new id). Pure; offsets refer to the text as
 * read, and every other byte stays as it was.
 */

import { idCoreSource } from '../model/id-syntax.js'
import type { Note } from '../model/note.js'
import { idText } from './insert.js'

/** One note's new ID. */
export interface IdAssignment {
  note: Note
  id: number
}

/** The first `ID: N` in a text; the digits end the match. */
const idCore = new RegExp(idCoreSource)

interface TextEdit {
  offset: number
  /** Characters replaced (0 for an insertion). */
  length: number
  text: string
}

/**
 * Where the digits of a note's written ID are (offset and length, leading
 * zeros included): inside the ID span the parser gave (undefined when the
 * note has none, or the text there changed).
 */
export function findIdDigits(
  text: string,
  note: Note,
): { offset: number; length: number } | undefined {
  const span = note.source.idSpan
  if (note.id === null || span === undefined) return undefined
  const written = idCore.exec(text.slice(span.start.offset, span.end.offset))
  if (!written || Number(written[1]) !== note.id) return undefined
  const length = written[1]!.length
  return { offset: span.start.offset + written.index + written[0].length - length, length }
}

/** Characters taken out of a text (a `DELETE` marker's lines, once its note is deleted). */
export interface TextRemoval {
  offset: number
  length: number
}

/**
 * A file's text with every assignment applied, and the `removals` taken
 * out. Throws when an old ID cannot be found.
 */
export function applyIdAssignments(
  text: string,
  assignments: readonly IdAssignment[],
  fileLineEnding: string,
  removals: readonly TextRemoval[] = [],
): string {
  const edits: TextEdit[] = removals.map(({ offset, length }) => ({ offset, length, text: '' }))
  for (const { note, id } of assignments) edits.push(assignmentEdit(text, note, id, fileLineEnding))
  // An ID inserted where a removal starts (a regex note's end) goes in before it.
  edits.sort((a, b) => a.offset - b.offset || a.length - b.length)
  let result = ''
  let position = 0
  for (const edit of edits) {
    if (edit.offset < position) throw new Error('expected ID edits that do not overlap')
    result += text.slice(position, edit.offset) + edit.text
    position = edit.offset + edit.length
  }
  return result + text.slice(position)
}

/** The edit that gives one note its ID: a new ID line, or the old number replaced. */
function assignmentEdit(text: string, note: Note, id: number, fileLineEnding: string): TextEdit {
  if (note.id === null) {
    const offset = note.source.idInsertOffset
    return {
      offset,
      length: 0,
      text: idText({ offset, id, kind: note.kind, bare: note.source.bareId }, text, fileLineEnding),
    }
  }
  const digits = findIdDigits(text, note)
  if (digits === undefined) {
    throw new Error(`expected \`ID: ${note.id}\` in ${note.source.file}`)
  }
  return { offset: digits.offset, length: digits.length, text: String(id) }
}
