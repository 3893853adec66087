/**
 * The text edits that give synced notes their Anki IDs: a new `<!--ID: N-->`
 * for a note that had none, or the number swapped for a note Anki did not
 * have (added again, so it got a new id). Pure; offsets refer to the text as
 * read, and every other byte stays as it was.
 */

import type { Note } from '../model/note.js'
import { idText, lineEndingAt } from './insert.js'

/** One note's new ID. */
export interface IdAssignment {
  note: Note
  id: number
}

interface TextEdit {
  offset: number
  /** Characters replaced (0 for an insertion). */
  length: number
  text: string
}

/**
 * Where `ID: old` is written for a note: the occurrence nearest the note's
 * ID insertion point (the end of its block, inline note or match).
 */
export function findIdDigits(text: string, note: Note): number | undefined {
  if (note.id === null) return undefined
  const needle = `ID: ${note.id}`
  const anchor = note.source.idInsertOffset
  const before = text.lastIndexOf(needle, anchor)
  const after = text.indexOf(needle, anchor)
  const candidates = [before, after].filter((found) => {
    if (found === -1) return false
    const next = text[found + needle.length]
    return next === undefined || !/\d/.test(next)
  })
  if (candidates.length === 0) return undefined
  const nearest = candidates.reduce((best, found) =>
    Math.abs(found - anchor) < Math.abs(best - anchor) ? found : best,
  )
  return nearest + 'ID: '.length
}

/** A file's text with every assignment applied. Throws when an old ID cannot be found. */
export function applyIdAssignments(
  text: string,
  assignments: readonly IdAssignment[],
  fileLineEnding: string,
): string {
  const edits: TextEdit[] = assignments.map(({ note, id }) => {
    if (note.id === null) {
      const offset = note.source.idInsertOffset
      return {
        offset,
        length: 0,
        text: idText({ offset, id, kind: note.kind }, lineEndingAt(text, offset, fileLineEnding)),
      }
    }
    const digits = findIdDigits(text, note)
    if (digits === undefined) {
      throw new Error(`expected \`ID: ${note.id}\` in ${note.source.file}`)
    }
    return { offset: digits, length: String(note.id).length, text: String(id) }
  })
  edits.sort((a, b) => a.offset - b.offset)
  let result = ''
  let position = 0
  for (const edit of edits) {
    if (edit.offset < position) throw new Error('expected ID edits that do not overlap')
    result += text.slice(position, edit.offset) + edit.text
    position = edit.offset + edit.length
  }
  return result + text.slice(position)
}
