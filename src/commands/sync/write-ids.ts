/**
 * Writing the IDs Anki gave into the notes, as soon as Anki gives them:
 * each batch rewrites its files atomically (temp file, rename) and only if
 * a file still holds the bytes decklab last read or wrote.
 */
import { createHash } from 'node:crypto'
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import { createReporter } from '../../diagnostics/reporter.js'
import { applyIdAssignments, type IdAssignment, type TextRemoval } from '../../ids/id-edits.js'
import type { FileIdEdit, WritableSource } from '../../ids/plan.js'
import { changedSources } from '../../ids/vault-lock.js'
import { originalBytes, replaceIfUnchanged } from '../../ids/write-back.js'
import type { IdMove } from '../../quiz/id-moves.js'

function digest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

interface FileState {
  source: WritableSource
  assignments: IdAssignment[]
  /** The `DELETE` markers taken out of it. */
  removals: TextRemoval[]
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
  /**
   * Take these `DELETE` markers (their line and the ID line after it) out
   * of their files, whose notes Anki deleted: as the IDs, atomically and
   * only from a file that still holds the bytes decklab last read or wrote.
   * Returns a warning per file that kept them.
   */
  removeMarkers(markers: readonly MarkerLines[]): Promise<Diagnostic[]>
  /** The files whose bytes are no longer those decklab last read or wrote (or gone). */
  changedOnDisk(signal?: AbortSignal | undefined): Promise<WritableSource[]>
}

/** A `DELETE` marker to take out: its file and the 1-based line of `DELETE` (the ID on the next). */
export interface MarkerLines {
  absolutePath: string
  line: number
  id: number
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
      removals: [],
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
    changedOnDisk: (signal) =>
      changedSources(
        [...files.values()].map((state) => ({ ...state.source, text: currentText(state) })),
        signal,
      ),
    async removeMarkers(markers) {
      if (dryRun) return []
      const diagnostics: Diagnostic[] = []
      const byFile = new Map<string, MarkerLines[]>()
      for (const marker of markers) {
        const inFile = byFile.get(marker.absolutePath)
        if (inFile) inFile.push(marker)
        else byFile.set(marker.absolutePath, [marker])
      }
      for (const [path, inFile] of byFile) {
        const state = files.get(path)
        if (!state) throw new Error(`expected a loaded file for ${path}`)
        const removals = inFile.map((marker) => markerRemoval(state.source.text, marker.line))
        // A file that refused its IDs (changed on disk, unwritable) keeps its markers too.
        const problem = state.failed
          ? 'it refused the IDs Anki gave'
          : (await rewriteFile(state, [], removals))?.code
        if (problem !== undefined) {
          state.failed = true
          diagnostics.push(markersKept(state.source, inFile, problem))
        }
      }
      return diagnostics
    },
  }
}

/** The file's text as decklab last read or wrote it. */
function currentText(state: FileState): string {
  const { source, assignments, removals } = state
  return applyIdAssignments(source.text, assignments, source.eol ?? '\n', removals)
}

/** The `DELETE` line and the ID line after it, line endings included. */
function markerRemoval(text: string, line: number): TextRemoval {
  let start = 0
  for (let index = 1; index < line; index++) start = text.indexOf('\n', start) + 1
  const idLineEnd = text.indexOf('\n', text.indexOf('\n', start) + 1)
  const end = idLineEnd === -1 ? text.length : idLineEnd + 1
  return { offset: start, length: end - start }
}

/** The warning of a file that kept the markers of notes Anki deleted. */
function markersKept(
  source: WritableSource,
  markers: readonly MarkerLines[],
  problem: string,
): Diagnostic {
  const ids = markers.map((marker) => marker.id).join(', ')
  const why = problem === 'file-changed' ? 'it changed since it was read' : problem
  return createReporter(source.file).warning(
    'delete-marker-kept',
    `Unexpected \`DELETE\` lines of ${markers.length === 1 ? 'note' : 'notes'} ${ids} left in the file (${why}), expected them taken out once Anki deleted ${markers.length === 1 ? 'the note' : 'the notes'}: the file was not written`,
    {
      place: { line: markers[0]!.line, column: 1 },
      hint: 'Remove them yourself: the notes are deleted (until then each sync warns `delete-done`).',
    },
  )
}

/** The new ID lines written so far, file by file, as edits of the files as read. */
function writtenEdits(files: ReadonlyMap<string, FileState>): FileIdEdit[] {
  const edits: FileIdEdit[] = []
  for (const state of files.values()) {
    const { source, assignments } = state
    // Only a new ID line moves text: a number swapped for another leaves every line where it was.
    const added = assignments.filter((assignment) => assignment.note.id === null)
    const insertions = added.map(({ note, id }) => {
      const { idInsertOffset: offset, bareId: bare } = note.source
      return { offset, id, kind: note.kind, bare }
    })
    const { removals } = state
    const text = applyIdAssignments(source.text, added, source.eol ?? '\n', removals)
    if (insertions.length > 0 || removals.length > 0) {
      edits.push({ source, insertions, removals, text })
    }
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
    const inFile = byFile.get(state)
    if (inFile) inFile.push(assignment)
    else byFile.set(state, [assignment])
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
  removed: readonly TextRemoval[] = [],
): Promise<Diagnostic | undefined> {
  const { source } = state
  const all = [...state.assignments, ...added]
  const removals = [...state.removals, ...removed]
  const bytes = originalBytes({
    ...source,
    text: applyIdAssignments(source.text, all, source.eol ?? '\n', removals),
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
  state.removals = removals
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
