/**
 * The judge as `decklab verify` (and the quiz's lab panel) runs it: each
 * card's answer side is read from the HTML the package's renderer makes of
 * it, so the text judged is the text the card shows. The verify stage cannot
 * import the render stage (stages do not import each other); a command may,
 * and hands the renderer in here.
 */
import { signalTurns } from '../../interrupt.js'
import type { LabResult } from '../../model/lab-result.js'
import type { Note } from '../../model/note.js'
import { renderNote } from '../../render/render-note.js'
import type { NoteVerdict, RenderFields } from '../../verify/judge.js'
import * as judge from '../../verify/judge.js'
import type { MutantResult, MutationReport } from '../../verify/mutants.js'
import * as mutants from '../../verify/mutants.js'
import { judgingThread } from './judging-thread.js'

/** A note's fields as the package renders them (field name → HTML). */
export const renderFields: RenderFields = (note) => renderNote(note).fields

/** `judge.judgeNote`, reading the answer side the package renders. */
export function judgeNote(
  note: Note,
  results: ReadonlyMap<string, LabResult>,
  knownLabs?: ReadonlySet<string> | undefined,
): NoteVerdict {
  return judge.judgeNote(note, results, renderFields, knownLabs)
}

/**
 * Judge every note, reading each answer side the package renders; the
 * verdicts keep the notes' order. A signal gets in between notes
 * (`stopSignal`): judging is synchronous, so a SIGTERM (CI stopping an
 * overrunning job) waited for every note, seconds to minutes on a big
 * vault, and the report then printed as if none had come. A big note is
 * judged on a thread of its own, which the signal ends (`judging-thread.ts`):
 * one alone took seconds.
 */
export async function judgeNotes(
  notes: readonly Note[],
  results: ReadonlyMap<string, LabResult>,
  knownLabs?: ReadonlySet<string> | undefined,
  signal?: AbortSignal | undefined,
): Promise<NoteVerdict[]> {
  const turns = signalTurns(stopSignal(signal))
  const apart = judgingThread(results, knownLabs, stopSignal(signal))
  try {
    const verdicts: NoteVerdict[] = []
    for (const note of notes) {
      if (turns.due()) await turns.turn()
      verdicts.push(
        apart.takes(note)
          ? await apart.judge(note)
          : judge.judgeNote(note, results, renderFields, knownLabs),
      )
    }
    return verdicts
  } finally {
    apart.close()
  }
}

/**
 * Judge every mutant of every note against `results`, reading each mutant's
 * answer side as the package would render it. Notes refuted as written are
 * left out of the count (their mutants would be "caught" by the original's
 * fault); unverified and supported ones count, and their mutants survive:
 * that is the honest measure of what the deck protects. A signal gets in
 * between mutants as `judgeNotes` lets it in between notes (a long note has
 * hundreds of mutants, each judged whole); a big note's mutants are judged
 * on the judging thread, all together.
 */
export async function judgeMutants(
  notes: readonly Note[],
  results: ReadonlyMap<string, LabResult>,
  knownLabs?: ReadonlySet<string> | undefined,
  signal?: AbortSignal | undefined,
): Promise<MutationReport> {
  const report = mutants.emptyMutationReport()
  const turns = signalTurns(stopSignal(signal))
  const apart = judgingThread(results, knownLabs, stopSignal(signal))
  try {
    for (const note of notes) {
      if (turns.due()) await turns.turn()
      if (apart.takes(note)) {
        const { verdict, judged } = await apart.mutants(note)
        if (verdict !== undefined) mutants.countMutants(report, note, verdict, judged ?? [])
        continue
      }
      const planned = mutants.plannedMutants(note, results, renderFields, knownLabs)
      if (planned === undefined) continue
      const judged: MutantResult[] = []
      for (const mutation of planned.mutations) {
        if (turns.due()) await turns.turn()
        judged.push(
          mutants.judgeMutation(note, mutation, planned.verdict, results, renderFields, knownLabs),
        )
      }
      mutants.countMutants(report, note, planned.verdict, judged)
    }
    return report
  } finally {
    apart.close()
  }
}

/**
 * The signal judging stops on: turns of the event loop every 20 ms of work,
 * and the end of a big note's thread (`judging-thread.ts`), throw
 * `InterruptedError` when it fires. After one that stopped the labs, every
 * note is still judged, for the report that says so (`interrupted`);
 * `main.ts`'s grace time can still end a long judging.
 */
function stopSignal(signal: AbortSignal | undefined): AbortSignal | undefined {
  return signal?.aborted === true ? undefined : signal
}
