/**
 * Writing the IDs Anki gave into the notes, as soon as Anki gives them:
 * each batch rewrites its files atomically (temp file, rename) and only if
 * a file still holds the bytes decklab last read or wrote.
 */
import { createHash } from 'node:crypto'
import { createDiagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js'
import { applyIdAssignments, type IdAssignment } from '../../ids/id-edits.js'
import type { WritableSource } from '../../ids/plan.js'
import { originalBytes, replaceIfUnchanged } from '../../ids/write-back.js'

const BOM = '\uFEFF'

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
}

export function createIdWriter(sources: readonly WritableSource[], dryRun: boolean): IdWriter {
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
      const byFile = new Map<FileState, IdAssignment[]>()
      for (const assignment of assignments) {
        const state = files.get(assignment.note.source.absolutePath)
        if (!state) throw new Error(`expected a loaded file for ${assignment.note.source.file}`)
        byFile.set(state, [...(byFile.get(state) ?? []), assignment])
      }
      const written: IdAssignment[] = []
      const diagnostics: Diagnostic[] = []
      for (const [state, added] of byFile) {
        const { source } = state
        if (state.failed) continue
        if (dryRun) {
          written.push(...added)
          continue
        }
        const all = [...state.assignments, ...added]
        const text = applyIdAssignments(source.text, all, source.eol ?? '\n')
        const bytes = Buffer.from((source.bom ? BOM : '') + text, 'utf8')
        let outcome: Awaited<ReturnType<typeof replaceIfUnchanged>>
        try {
          outcome = await replaceIfUnchanged(source.absolutePath, bytes, state.expected)
        } catch (error) {
          state.failed = true
          const code = (error as NodeJS.ErrnoException).code ?? String(error)
          diagnostics.push(
            createDiagnostic(
              source.file,
              1,
              1,
              'error',
              'write-failed',
              `Unexpected \`${code}\` writing the IDs Anki gave into the file, expected a writable file and folder`,
              'Make the file writable and sync again: the notes are in Anki and the next sync finds them.',
            ),
          )
          continue
        }
        if (typeof outcome === 'object') {
          // A read-only or hard-linked note: refused, as by build.
          state.failed = true
          diagnostics.push(
            createDiagnostic(
              source.file,
              1,
              1,
              'error',
              outcome.code,
              outcome.message,
              outcome.hint,
            ),
          )
          continue
        }
        if (outcome === 'changed') {
          state.failed = true
          diagnostics.push(
            createDiagnostic(
              source.file,
              1,
              1,
              'error',
              'file-changed',
              'Unexpected change to the file since it was read, expected it unchanged: the IDs Anki gave were not written to it',
              'Sync again: the notes are in Anki and the next sync finds them instead of adding them twice.',
            ),
          )
          continue
        }
        state.assignments = all
        state.expected = digest(bytes)
        written.push(...added)
      }
      return { written, diagnostics }
    },
  }
}
