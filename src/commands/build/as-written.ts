/**
 * What a build that wrote IDs records, as the files read once the IDs are
 * in: a later build that keeps the package shows the recorded warnings
 * again, and by then `check` finds each one below any ID line written above
 * it.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import type { FileIdEdit } from '../../ids/plan.js'
import { type MovePoint, pointsAsWritten } from '../../ids/written-places.js'

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

/** The mover of each edited file, by the name diagnostics give it. */
function moversByFile(edits: readonly FileIdEdit[]): Map<string, MovePoint> {
  return new Map(edits.map((edit) => [edit.source.file, pointsAsWritten(edit)]))
}
