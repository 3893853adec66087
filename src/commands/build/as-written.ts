/**
 * What a build that wrote IDs records, as the files read once the IDs are
 * in: a later build that keeps the package shows the recorded warnings
 * again, and by then `check` finds each one below any ID line written above
 * it; the notes' fingerprint, which holds their places, must match the
 * notes as that build reads them.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import type { FileIdEdit, IdPlan } from '../../ids/plan.js'
import { type MovePoint, pointsAsWritten } from '../../ids/written-places.js'
import type { IdentifiedNote } from '../../model/identity.js'
import type { IdWrite } from './prepare-notes.js'

/** What a build reports of the notes as read, placed where the files have it: the file as read, or as written. */
export interface Places {
  diagnostics(diagnostics: Diagnostic[]): Diagnostic[]
  ids(ids: IdWrite[]): IdWrite[]
}

/** Nothing written: the files are as read. */
export const placesAsRead: Places = { diagnostics: (found) => found, ids: (ids) => ids }

/** The plan's IDs written: each place below a new ID line moves down with it. */
export function placesAsWritten(plan: Pick<IdPlan, 'added' | 'edits'>): Places {
  return {
    diagnostics: (found) => diagnosticsAsWritten(found, plan.edits),
    ids(ids) {
      // The line of each note that got an ID, found by that ID (unique in the build).
      const lines = new Map(
        notesAsWritten(plan.added, plan.edits).map((note) => [note.id, note.source.line]),
      )
      return ids.map((write) => ({ ...write, line: lines.get(write.id) ?? write.line }))
    },
  }
}

/** The diagnostics with their places moved past the IDs written into their files. */
export function diagnosticsAsWritten(
  diagnostics: readonly Diagnostic[],
  edits: readonly FileIdEdit[],
): Diagnostic[] {
  const movers = moversByFile(edits)
  return diagnostics.map((diagnostic) => {
    const move = movers.get(diagnostic.file)
    if (move === undefined) return diagnostic
    const start = move({ line: diagnostic.line, column: diagnostic.column })
    const end = move({ line: diagnostic.endLine, column: diagnostic.endColumn })
    return {
      ...diagnostic,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
    }
  })
}

/**
 * Notes named by file and line (the line their block starts on, column 1)
 * at that line in the files as written.
 */
export function linesAsWritten<T extends { file: string; line: number }>(
  refs: readonly T[],
  edits: readonly FileIdEdit[],
): T[] {
  const movers = moversByFile(edits)
  return refs.map((ref) => {
    const move = movers.get(ref.file)
    return move === undefined ? ref : { ...ref, line: move({ line: ref.line, column: 1 }).line }
  })
}

/** The notes with their places moved past the IDs written into their files (for their fingerprint). */
export function notesAsWritten(
  notes: readonly IdentifiedNote[],
  edits: readonly FileIdEdit[],
): IdentifiedNote[] {
  const movers = moversByFile(edits)
  return notes.map((note) => {
    const move = movers.get(note.source.file)
    if (move === undefined) return note
    const { line, column } = move(note.source)
    const end = note.source.end && move(note.source.end)
    return { ...note, source: { ...note.source, line, column, end } }
  })
}

/** The mover of each edited file, by the name diagnostics give it. */
function moversByFile(edits: readonly FileIdEdit[]): Map<string, MovePoint> {
  return new Map(edits.map((edit) => [edit.source.file, pointsAsWritten(edit)]))
}
