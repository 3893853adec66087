/**
 * `decklab verify` as a function: load the notes, run every lab a card links
 * (once each, one after another), and judge every card against the results.
 */
import { type Diagnostic, hasErrors } from '../../diagnostics/diagnostic.js'
import { loadLabCatalog } from '../../labs/registry.js'
import { type RunLinkedOptions, runLinkedLabs } from '../../labs/run-linked.js'
import { isBusyTimeout, type LabResult } from '../../model/lab-result.js'
import type { Note } from '../../model/note.js'
import { loadVault } from '../../notes/load-vault.js'
import { warnNoNotes } from '../../notes/no-notes.js'
import type { NoteVerdict } from '../../verify/judge.js'
import { judgeNotes } from './judge-rendered.js'

/** Where the notes are; `signal` and the progress callbacks go to the lab runs. */
export interface VerifyOptions extends RunLinkedOptions {
  cwd: string
  /** Files or folders; default `notes/`. */
  paths?: string[] | undefined
}

export interface VerifyReport {
  /** One result per linked lab, in the order they ran (sorted by id). */
  labs: LabResult[]
  notes: NoteVerdict[]
  /** The notes as loaded (for `--mutants`, which judges changed copies against the same results). */
  sourceNotes: Note[]
  /** Every lab id there is (to tell a link to a missing lab from one that was not run). */
  knownLabs: ReadonlySet<string>
  /** Problems in the notes, including `unknown-lab` links. */
  diagnostics: Diagnostic[]
}

/** Load, run, judge. Never throws for a lab's failure; only for unusable paths or lab modules. */
export async function verifyNotes(options: VerifyOptions): Promise<VerifyReport> {
  const vault = await loadVault({
    cwd: options.cwd,
    paths: options.paths,
    labs: await loadLabCatalog(),
    signal: options.signal,
  })
  const linked = vault.notes.flatMap((note) => note.labs)
  const { results: labs, knownLabs } = await runLinkedLabs(linked, options)
  const results = new Map(labs.map((result) => [result.lab, result]))
  const notes = await judgeNotes(vault.notes, results, knownLabs, options.signal)
  const diagnostics = [...vault.diagnostics]
  // As check says it: a report of no notes could pass for a vault that verifies.
  if (vault.notes.length === 0 && !hasErrors(diagnostics)) {
    warnNoNotes(options.cwd, options.paths, diagnostics)
  }
  return { labs, notes, sourceNotes: vault.notes, knownLabs, diagnostics }
}

/**
 * The exit code a report deserves: 1 when a card is refuted, a lab failed or
 * errored (verify must not pass when its own machinery broke), or the notes
 * have errors (e.g. an unknown lab id); 0 otherwise — skipped labs leave
 * cards unverified but are not findings, and neither does a lab a busy
 * machine kept past its deadline (twice): nothing was refuted and nothing
 * is broken, the machine was slow.
 */
export function verifyExitCode(report: VerifyReport): 0 | 1 {
  const refuted = report.notes.some((note) => note.status === 'refuted')
  const broken = report.labs.some(
    (lab) => lab.status === 'fail' || (lab.status === 'error' && !isBusyTimeout(lab)),
  )
  return refuted || broken || hasErrors(report.diagnostics) ? 1 : 0
}
