/**
 * The course's notes (notes/ of this repository) by id, and the results of
 * running, once each, every lab that the notes named link: for tests that
 * judge real course cards against real lab runs.
 */
import { findLab, loadLabCatalog } from '../../src/labs/registry.js'
import { runLab } from '../../src/labs/runner.js'
import type { LabResult } from '../../src/model/lab-result.js'
import type { Note } from '../../src/model/note.js'
import { loadVault } from '../../src/notes/load-vault.js'
import { packageRoot } from '../../src/package-info.js'

export interface CourseLabResults {
  notes: Map<number, Note>
  results: Map<string, LabResult>
}

/** Load the course and run the labs that the notes of `ids` link. */
export async function courseLabResults(ids: readonly number[]): Promise<CourseLabResults> {
  const vault = await loadVault({
    cwd: packageRoot(),
    paths: ['notes'],
    labs: await loadLabCatalog(),
  })
  const notes = new Map(vault.notes.flatMap((note) => (note.id === null ? [] : [[note.id, note]])))
  const labIds = new Set(ids.flatMap((id) => notes.get(id)?.labs.map((link) => link.lab) ?? []))
  const results = new Map<string, LabResult>()
  for (const id of labIds) {
    const lab = await findLab(id)
    if (lab) results.set(id, await runLab(lab))
  }
  return { notes, results }
}
