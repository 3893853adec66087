/**
 * When `build` writes IDs into notes that had none: quiz progress kept under
 * those notes' content is linked to their IDs (src/quiz/content-links.ts), so
 * editing a note afterwards keeps it; a state folder that cannot take the
 * links costs a warning (see createContentLinker). Each file is linked as
 * soon as it holds its IDs: no later build links an ID already in a note,
 * so a build killed between two files must have linked the first.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js'
import { collectUsedIds } from '../../ids/allocate.js'
import type { IdentifiedNote } from '../../model/identity.js'

/**
 * A linker told each file written: it links that file's `added` notes (among
 * `notes`, every note built, whose IDs a note's lost ID may not be, nor any
 * ID written in `files`, the files read, the ones after a `DELETE` marker
 * among them, which a build never gives back: the quiz leaves them out too,
 * nor, for a partial build, any in `usedElsewhere`, the rest of the vault,
 * which the quiz of the whole vault reads); its warnings gather in `diagnostics`.
 */
export async function quizProgressLinker(
  stateDirectory: string | undefined,
  cwd: string,
  { added, notes }: { added: readonly IdentifiedNote[]; notes: readonly IdentifiedNote[] },
  now: Date,
  {
    files = [],
    usedElsewhere = [],
  }: {
    files?: ReadonlyArray<{ text: string }>
    usedElsewhere?: Iterable<number> | undefined
  } = {},
): Promise<{ linkFile: (file: string) => void; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = []
  if (stateDirectory === undefined || added.length === 0) {
    return { linkFile: () => {}, diagnostics }
  }
  const byFile = new Map<string, IdentifiedNote[]>()
  for (const note of added) {
    const notes = byFile.get(note.source.file) ?? []
    notes.push(note)
    byFile.set(note.source.file, notes)
  }
  // The quiz's store loads only when IDs are to be written.
  const { createContentLinker } = await import('../../quiz/link-content-progress.js')
  const held = collectUsedIds(files.map((file) => file.text))
  for (const note of notes) held.add(note.id)
  for (const id of usedElsewhere) held.add(id)
  const link = createContentLinker(stateDirectory, cwd, now, held)
  return {
    linkFile(file) {
      const notes = byFile.get(file) ?? []
      diagnostics.push(...link(notes.map((note) => ({ note, id: note.id }))))
    },
    diagnostics,
  }
}
