/**
 * Running the labs that cards link: each linked lab once, one after another,
 * sorted by id (a stable order, whatever order the notes come in).
 * `decklab verify` and the quiz's lab panel both start here; they pass the
 * lab links of the model's notes.
 */

import type { LabResult } from '../model/lab-result.js'
import type { LabLink } from '../model/note.js'
import { maxDeadlineMs, outOfTimeReason } from './machine-load.js'
import { loadBrokenLabs, loadGoneLabs, loadLabs } from './registry.js'
import { defaultDeadlineMs, type RunLabOptions, runLab } from './runner.js'
import type { LabDefinition } from './types.js'

/** How much longer the second run of a lab that ran out of time gets. */
export const retryFactor = 3

export interface RunLinkedOptions {
  /** Aborting stops the running lab (it reports `error`); the rest report `error` unstarted. */
  signal?: AbortSignal | undefined
  /** Each lab's deadline (`runLab`'s default when not given). */
  deadlineMs?: number | undefined
  /** Called before each lab starts (for a progress line). */
  onLabStart?: ((labId: string, index: number, total: number) => void) | undefined
  /** Called when a lab ran out of time and is run again with `deadlineMs` (for a progress line). */
  onLabRetry?:
    | ((first: LabResult, deadlineMs: number, index: number, total: number) => void)
    | undefined
  /** Called after each lab ends. */
  onLabEnd?: ((result: LabResult, index: number, total: number) => void) | undefined
  /** The machine's CPU counters (tests). */
  readCpu?: RunLabOptions['readCpu']
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
  // A lab whose source is gone from the checkout is run for no card (its old module would
  // confirm cards `check` calls unknown): an error saying so and what to run.
  const gone = await loadGoneLabs()
  for (const id of gone.keys()) definitions.delete(id)
  const labIds = [...new Set(links.map((link) => link.lab))].sort()
  const runnable = labIds.filter((id) => definitions.has(id))
  const results: LabResult[] = []
  // The runnable labs come in `labIds` order: the next one to start is number `index`.
  let index = 0
  for (const id of labIds) {
    // A linked lab whose module failed to load is an error saying why, not "no such lab".
    const problem = broken.get(id)
    if (problem !== undefined) results.push(notLoaded(id, problem))
    if (gone.has(id)) results.push(notLoaded(id, goneWords(id), 'not run'))
    const lab = definitions.get(id)
    if (!lab) continue
    options.onLabStart?.(id, index, runnable.length)
    const result = await runWithSecondChance(lab, options, (first, deadlineMs) =>
      options.onLabRetry?.(first, deadlineMs, index, runnable.length),
    )
    results.push(result)
    options.onLabEnd?.(result, index, runnable.length)
    index += 1
  }
  return {
    results,
    missing: labIds.filter((id) => !definitions.has(id) && !broken.has(id) && !gone.has(id)),
    knownLabs: new Set(definitions.keys()),
  }
}

/**
 * Run a lab; one that ran out of its deadline, unless it did so on idle CPUs
 * (a lab that waits for something that never comes: stuck, not slow), is run
 * once more with three times as long. A busy machine slows labs past their
 * deadline without anything being wrong, and a card should not go
 * unverified for it when a longer wait would have shown the kernel's
 * answer. The second run is a whole run of its own; its result stands, its
 * transcript after the first's. Stopped again, the result names both
 * deadlines. `lab run --deadline` never does this: there the deadline is
 * what the user asked for.
 */
export async function runWithSecondChance(
  lab: LabDefinition,
  options: RunLinkedOptions,
  onRetry?: (first: LabResult, deadlineMs: number) => void,
): Promise<LabResult> {
  const run = (deadlineMs: number | undefined) =>
    runLab(lab, { signal: options.signal, deadlineMs, readCpu: options.readCpu })
  const first = await run(options.deadlineMs)
  const stopped = first.outOfTime
  const stuck = stopped !== undefined && stopped.othersBusyPercent !== null && !stopped.busy
  if (stopped === undefined || stuck || options.signal?.aborted) return first
  const deadlineMs = Math.min(
    retryFactor * (options.deadlineMs ?? defaultDeadlineMs),
    maxDeadlineMs,
  )
  onRetry?.(first, deadlineMs)
  const second = await run(deadlineMs)
  const transcript = [
    ...first.transcript,
    `run again with a deadline of ${deadlineMs} ms: ${first.reason ?? 'out of time'}`,
    ...second.transcript,
  ]
  if (second.outOfTime === undefined) return { ...second, transcript }
  const outOfTime = {
    ...second.outOfTime,
    deadlinesMs: [...stopped.deadlinesMs, ...second.outOfTime.deadlinesMs],
  }
  return { ...second, transcript, outOfTime, reason: outOfTimeReason(outOfTime) }
}

/** Why a lab whose source is gone is not run. */
function goneWords(id: string): string {
  return `labs/${id}.ts is gone (removed or renamed), and its old compiled lib/labs/${id}.js is run for no card: \`npm run build\` removes it`
}

/** The result of a lab whose module could not be loaded (or is not to run): never run, an error saying why. */
export function notLoaded(id: string, problem: string, what = 'failed to load'): LabResult {
  const reason = `${what}: ${problem}`
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
