/**
 * The vault loader of `quiz` and `stats`: the parser's, with each note's
 * cards as the package has them (`build/note-cards.ts`), so neither offers
 * or counts a card the package lacks (its progress would never reach Anki)
 * nor leaves out one it has.
 */
import { collectUsedIds } from '../../ids/allocate.js'
import { loadVault } from '../../notes/load-vault.js'
import type { LoadedNotes, VaultLoader } from '../../quiz/open-vault.js'
import { noteCards } from '../build/note-cards.js'

export const loadQuizVault: VaultLoader = async (options): Promise<LoadedNotes> => {
  const vault = await loadVault(options)
  let written: ReadonlySet<number> | undefined
  return {
    notes: vault.notes,
    diagnostics: vault.diagnostics,
    cards: await noteCards(vault.notes),
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
