/**
 * Running the labs that cards link: each linked lab once, one after another,
 * sorted by id (a stable order, whatever order the notes come in).
 * `decklab verify` and the quiz's lab panel both start here; they pass the
 * lab links of the model's notes.
 */

import type { LabResult } from '../model/lab-result.js'
import type { LabLink } from '../model/note.js'
import { loadBrokenLabs, loadLabs } from './registry.js'
import { runLab } from './runner.js'

export interface RunLinkedOptions {
  /** Aborting stops the running lab (it reports `error`); the rest report `error` unstarted. */
  signal?: AbortSignal | undefined
  /** Each lab's deadline (`runLab`'s default when not given). */
  deadlineMs?: number | undefined
  /** Called before each lab starts (for a progress line). */
  onLabStart?: ((labId: string, index: number, total: number) => void) | undefined
  /** Called after each lab ends. */
  onLabEnd?: ((result: LabResult, index: number, total: number) => void) | undefined
}

export interface LinkedLabResults {
  /** One result per linked lab that exists, sorted by id (one that failed to load is an error, not run). */
  results: LabResult[]
  /** Linked lab ids that no lab module has (not even a broken one), sorted. */
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
  const broken = await loadBrokenLabs()
  const labIds = [...new Set(links.map((link) => link.lab))].sort()
  const runnable = labIds.filter((id) => definitions.has(id))
  const results: LabResult[] = []
  // The runnable labs come in `labIds` order: the next one to start is number `index`.
  let index = 0
  for (const id of labIds) {
    // A linked lab whose module failed to load is an error saying why, not "no such lab".
    const problem = broken.get(id)
    if (problem !== undefined) results.push(notLoaded(id, problem))
    const lab = definitions.get(id)
    if (!lab) continue
    options.onLabStart?.(id, index, runnable.length)
    const result = await runLab(lab, { signal: options.signal, deadlineMs: options.deadlineMs })
    results.push(result)
    options.onLabEnd?.(result, index, runnable.length)
    index += 1
  }
  return {
    results,
    missing: labIds.filter((id) => !definitions.has(id) && !broken.has(id)),
    knownLabs: new Set(definitions.keys()),
  }
}

/** The result of a lab whose module could not be loaded: never run, an error with the load error. */
export function notLoaded(id: string, problem: string): LabResult {
  const reason = `failed to load: ${problem}`
  return {
    lab: id,
    title: id,
    status: 'error',
    checks: [],
    durationMs: 0,
    transcript: [reason],
    reason,
  }
}
