/**
 * The vault loader of `quiz` and `stats`: the parser's, with each note's
 * cards as the package has them (`build/note-cards.ts`), so neither offers
 * or counts a card the package lacks (its progress would never reach Anki)
 * nor leaves out one it has. A note inside a git merge conflict (both sides
 * of an edit made on two machines, `merge-conflict`) is no card anyone wrote:
 * it is left out, as `build` leaves it out of every package, until the merge
 * is finished (the warning on the notes' errors says to run `check`).
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import { collectUsedIds } from '../../ids/allocate.js'
import type { Note } from '../../model/note.js'
import { loadVault } from '../../notes/load-vault.js'
import type { LoadedNotes, VaultLoader } from '../../quiz/open-vault.js'
import { noteCards } from '../build/note-cards.js'

export const loadQuizVault: VaultLoader = async (options): Promise<LoadedNotes> => {
  const vault = await loadVault(options)
  const notes = outsideConflicts(vault.notes, vault.diagnostics)
  let written: ReadonlySet<number> | undefined
  return {
    notes,
    diagnostics: vault.diagnostics,
    cards: await noteCards(notes),
    // Scanned once, and only when a note lacks its ID; less a file, at each edit that asks.
    writtenIds: (leaveOut) => {
      if (leaveOut !== undefined) {
        const others = vault.files.filter((file) => !leaveOut.has(file.absolutePath))
        return collectUsedIds(others.map((file) => file.text))
      }
      written ??= collectUsedIds(vault.files.map((file) => file.text))
      return written
    },
  }
}

/** The notes whose lines share none with a `merge-conflict` (from `<<<<<<<` to `>>>>>>>`). */
function outsideConflicts(notes: Note[], diagnostics: readonly Diagnostic[]): Note[] {
  const conflicts = diagnostics.filter((diagnostic) => diagnostic.code === 'merge-conflict')
  if (conflicts.length === 0) return notes
  return notes.filter((note) => {
    const { file, line } = note.source
    const end = note.source.end?.line ?? line
    return !conflicts.some(
      (conflict) => conflict.file === file && conflict.line <= end && conflict.endLine >= line,
    )
  })
}
