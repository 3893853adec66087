/**
 * Running the labs that cards link: each linked lab once, one after another,
 * sorted by id (a stable order, whatever order the notes come in).
 * `decklab verify` and the quiz's lab panel both start here; they pass the
 * lab links of the model's notes.
 */

import type { LabResult } from '../model/lab-result.js'
import type { LabLink } from '../model/note.js'
import { loadLabs } from './registry.js'
import { runLab } from './runner.js'

export interface RunLinkedOptions {
  /** Aborting stops the running lab (it reports `error`); the rest report `error` unstarted. */
  signal?: AbortSignal | undefined
  /** Called before each lab starts (for a progress line). */
  onLabStart?: ((labId: string, index: number, total: number) => void) | undefined
  /** Called after each lab ends. */
  onLabEnd?: ((result: LabResult, index: number, total: number) => void) | undefined
}

export interface LinkedLabResults {
  /** One result per linked lab that exists, in the order they ran. */
  results: LabResult[]
  /** Linked lab ids that no lab module has, sorted. */
  missing: string[]
  /** Every lab id there is (to tell a link to a missing lab from one that was not run). */
  knownLabs: ReadonlySet<string>
}

/** Run every lab `links` name, once each. Never throws for a lab's failure. */
export async function runLinkedLabs(
  links: readonly LabLink[],
  options: RunLinkedOptions = {},
): Promise<LinkedLabResults> {
  const definitions = new Map((await loadLabs()).map((lab) => [lab.id, lab]))
  const labIds = [...new Set(links.map((link) => link.lab))].sort()
  const runnable = labIds.filter((id) => definitions.has(id))
  const results: LabResult[] = []
  for (const [index, id] of runnable.entries()) {
    options.onLabStart?.(id, index, runnable.length)
    const result = await runLab(definitions.get(id)!, { signal: options.signal })
    results.push(result)
    options.onLabEnd?.(result, index, runnable.length)
  }
  return {
    results,
    missing: labIds.filter((id) => !definitions.has(id)),
    knownLabs: new Set(definitions.keys()),
  }
}
