/**
 * Writing the IDs Anki gave into the notes, as soon as Anki gives them:
 * each batch rewrites its files atomically (temp file, rename) and only if
 * a file still holds the bytes decklab last read or wrote.
 */
import { createHash } from 'node:crypto'
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import { createReporter } from '../../diagnostics/reporter.js'
import { applyIdAssignments, type IdAssignment } from '../../ids/id-edits.js'
import type { FileIdEdit, WritableSource } from '../../ids/plan.js'
import { originalBytes, replaceIfUnchanged } from '../../ids/write-back.js'
import type { IdMove } from '../../quiz/id-moves.js'

function digest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

interface FileState {
  source: WritableSource
  assignments: IdAssignment[]
  /** Digest of the bytes on disk as decklab last read or wrote them. */
  expected: string
  /** Refused once (changed on disk or unwritable): later batches leave it alone too. */
  failed: boolean
}

export interface IdWriter {
  /** Write these new IDs (with all earlier ones of the same files). */
  write(
    assignments: readonly IdAssignment[],
  ): Promise<{ written: IdAssignment[]; diagnostics: Diagnostic[] }>
  /**
   * The new ID lines written so far, as edits of the files as read: what
   * places a diagnostic or a note of the files as read where they have it
   * now (`diagnosticsAsWritten`, `linesAsWritten`).
   */
  writtenEdits(): FileIdEdit[]
}

/**
 * `recordMoves` keeps the new IDs of notes that had one (Anki did not have
 * it) for the quiz's progress: called before the files are written, and
 * with the moves reversed for a file that then refuses its IDs.
 * `linkFirstIds` gets the notes that had no ID once theirs is written (for
 * the quiz's progress kept by content), and returns its warnings.
 */
export function createIdWriter(
  sources: readonly WritableSource[],
  dryRun: boolean,
  recordMoves: (moves: readonly IdMove[]) => void,
  linkFirstIds: (written: readonly IdAssignment[]) => Diagnostic[] = () => [],
): IdWriter {
  const files = new Map<string, FileState>()
  for (const source of sources) {
    files.set(source.absolutePath, {
      source,
      assignments: [],
      expected: digest(originalBytes(source)),
      failed: false,
    })
  }
  return {
    async write(assignments) {
      const written: IdAssignment[] = []
      const diagnostics: Diagnostic[] = []
      const byFile = [...groupByFile(files, assignments)].filter(([state]) => !state.failed)
      if (dryRun) {
        for (const [, added] of byFile) written.push(...added)
        return { written, diagnostics }
      }
      recordMoves(byFile.flatMap(([, added]) => idMoves(added)))
      for (const [state, added] of byFile) {
        const problem = await rewriteFile(state, added)
        if (problem) {
          state.failed = true
          diagnostics.push(problem)
          recordMoves(idMoves(added).map((move) => ({ from: move.to, to: move.from })))
          continue
        }
        written.push(...added)
        // Linked file by file, as each is written: a kill after a file leaves its links made
        // (no later run links an ID already in a note, and an edit would lose the progress).
        diagnostics.push(...linkFirstIds(added.filter((assignment) => assignment.note.id === null)))
      }
      return { written, diagnostics }
    },
    writtenEdits: () => writtenEdits(files),
  }
}

/** The new ID lines written so far, file by file, as edits of the files as read. */
function writtenEdits(files: ReadonlyMap<string, FileState>): FileIdEdit[] {
  const edits: FileIdEdit[] = []
  for (const { source, assignments } of files.values()) {
    // Only a new ID line moves text: a number swapped for another leaves every line where it was.
    const added = assignments.filter((assignment) => assignment.note.id === null)
    const insertions = added.map(({ note, id }) => {
      const { idInsertOffset: offset, bareId: bare } = note.source
      return { offset, id, kind: note.kind, bare }
    })
    const text = applyIdAssignments(source.text, added, source.eol ?? '\n')
    if (insertions.length > 0) edits.push({ source, insertions, text })
  }
  return edits
}

/** The notes among these that had an ID before: old → new. */
function idMoves(assignments: readonly IdAssignment[]): IdMove[] {
  const moves: IdMove[] = []
  for (const { note, id } of assignments) {
    if (note.id !== null && note.id !== id) moves.push({ from: note.id, to: id })
  }
  return moves
}

function groupByFile(
  files: ReadonlyMap<string, FileState>,
  assignments: readonly IdAssignment[],
): Map<FileState, IdAssignment[]> {
  const byFile = new Map<FileState, IdAssignment[]>()
  for (const assignment of assignments) {
    const state = files.get(assignment.note.source.absolutePath)
    if (!state) throw new Error(`expected a loaded file for ${assignment.note.source.file}`)
    byFile.set(state, [...(byFile.get(state) ?? []), assignment])
  }
  return byFile
}

/**
 * Rewrite a file with its earlier IDs and these; the error when the file
 * cannot take them (unwritable, read-only or hard-linked, changed on disk).
 */
async function rewriteFile(
  state: FileState,
  added: readonly IdAssignment[],
): Promise<Diagnostic | undefined> {
  const { source } = state
  const all = [...state.assignments, ...added]
  const bytes = originalBytes({
    ...source,
    text: applyIdAssignments(source.text, all, source.eol ?? '\n'),
  })
  let outcome: Awaited<ReturnType<typeof replaceIfUnchanged>>
  try {
    outcome = replaceIfUnchanged(source.absolutePath, bytes, state.expected, source.vaultRoot)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error)
    return fileError(
      source,
      'write-failed',
      `Unexpected \`${code}\` writing the IDs Anki gave into the file, expected a writable file and folder`,
      'Make the file writable and sync again: the notes are in Anki and the next sync finds them.',
    )
  }
  // A read-only or hard-linked note: refused, as by build.
  if (typeof outcome === 'object')
    return fileError(source, outcome.code, outcome.message, outcome.hint)
  if (outcome === 'changed') {
    return fileError(
      source,
      'file-changed',
      'Unexpected change to the file since it was read, expected it unchanged: the IDs Anki gave were not written to it',
      'Sync again: the notes are in Anki and the next sync finds them instead of adding them twice.',
    )
  }
  state.assignments = all
  state.expected = digest(bytes)
  return undefined
}

function fileError(
  source: WritableSource,
  code: string,
  message: string,
  hint: string,
): Diagnostic {
  return createReporter(source.file).error(code, message, { hint })
}
