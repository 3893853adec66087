/**
 * Cloze deletions on the terminal, read as Anki reads them: its cloze filter
 * runs over the field's rendered HTML, so `{{c1::…}}` may hold styled text
 * and span lines, and is never read inside code or math (the card writes
 * their `::` and `}}` as references). Here the same pattern runs over the
 * rendered runs' prose; code and math runs are opaque to it.
 */
import { type Run, styles } from './styled-runs.js'

/** How to show cloze deletions: the gap being asked (`hide`) or the answer (`reveal`). */
export interface ClozeView {
  /** The cloze number asked (c1 → 1). */
  number: number
  reveal: boolean
}

/** Anki's `{{c1::answer::hint}}`; the answer ends at the first `::` or `}}`. */
const clozePattern = /\{\{c(\d+)::([\s\S]*?)(?:::([\s\S]*?))?\}\}/dg

/** One deletion found in the runs: offsets into their joined text. */
interface Deletion {
  number: number
  start: number
  end: number
  answer: [number, number]
  hint: [number, number] | undefined
}

/** The runs' text as the cloze pattern sees it: code, math and decorations as NULs, breaks as `\n`. */
function scanText(runs: readonly Run[]): string {
  return runs
    .map((run) => {
      if (run.kind === 'break') return '\n'
      return run.kind === 'literal' ? '\0'.repeat(run.text.length) : run.text
    })
    .join('')
}

function deletions(runs: readonly Run[]): Deletion[] {
  const found: Deletion[] = []
  for (const match of scanText(runs).matchAll(clozePattern)) {
    const indices = match.indices!
    found.push({
      number: Number(match[1]),
      start: match.index,
      end: match.index + match[0].length,
      answer: indices[2] as [number, number],
      hint: indices[3] as [number, number] | undefined,
    })
  }
  return found
}

/** Runs cut to the offsets `[from, to)` of their joined text. */
function slice(runs: readonly Run[], from: number, to: number): Run[] {
  const result: Run[] = []
  let offset = 0
  for (const run of runs) {
    const length = run.kind === 'break' ? 1 : run.text.length
    const start = Math.max(from, offset)
    const end = Math.min(to, offset + length)
    if (start < end || (length === 0 && offset >= from && offset < to)) {
      result.push(
        run.kind === 'break' ? run : { ...run, text: run.text.slice(start - offset, end - offset) },
      )
    }
    offset += length
  }
  return result
}

/** The plain text of runs, a line break as a space. */
export function runsText(runs: readonly Run[]): string {
  return runs.map((run) => (run.kind === 'break' ? ' ' : run.text)).join('')
}

/**
 * The runs with every deletion replaced: the one asked (`view`) hidden as
 * `[hint]` or `[…]`, or revealed (in cloze colour, or in brackets without
 * colour); the others as their answer. Without a view nothing is a deletion:
 * only a Cloze note's Text goes through Anki's cloze filter.
 */
export function showClozes(runs: Run[], view: ClozeView, color: boolean): Run[] {
  const found = deletions(runs)
  if (found.length === 0) return runs
  const result: Run[] = []
  let offset = 0
  const total = scanText(runs).length
  for (const deletion of found) {
    result.push(...slice(runs, offset, deletion.start))
    const answer = slice(runs, ...deletion.answer)
    if (deletion.number !== view.number) result.push(...answer)
    else if (view.reveal) {
      if (!color) result.push({ text: '[', style: 0, kind: 'literal' })
      for (const run of answer) {
        result.push(color ? { ...run, style: run.style | styles.cloze } : run)
      }
      if (!color) result.push({ text: ']', style: 0, kind: 'literal' })
    } else {
      const hint = deletion.hint === undefined ? '' : runsText(slice(runs, ...deletion.hint))
      const style = color ? styles.cloze : 0
      result.push({ text: `[${hint === '' ? '…' : hint}]`, style, kind: 'literal' })
    }
    offset = deletion.end
  }
  result.push(...slice(runs, offset, total))
  return result
}

/** The answers of deletion `number`, in order, each as the runs it covers. */
export function clozeAnswerRuns(runs: readonly Run[], number: number): Run[][] {
  return deletions(runs)
    .filter((deletion) => deletion.number === number)
    .map((deletion) => slice(runs, ...deletion.answer))
}
