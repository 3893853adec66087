/**
 * The `l` key: run a card's linked labs live and show what the kernel said
 * (each check's expected and observed values and its evidence), then the
 * verdict on the card's own answer, as `decklab verify` gives it. The lab
 * modules are imported only when the key is pressed, so the quiz starts fast.
 */

import { DecklabError, InterruptedError } from '../../errors.js'
import type { RunLinkedOptions } from '../../labs/run-linked.js'
import type { LabResult } from '../../model/lab-result.js'
import type { LabLink, Note } from '../../model/note.js'
import { createColors } from '../../terminal/colors.js'
import { terminalLine } from '../../terminal/safe-text.js'
import { programName } from '../../text/program-name.js'
import type { NoteVerdict, VerdictStatus } from '../../verify/judge.js'

export interface LabPanelOptions {
  color: boolean
  signal?: AbortSignal | undefined
  /** The card's note: when given, the panel ends with the verdict on its answer. */
  note?: Note | undefined
  /**
   * Told a line as each lab starts, and when one that ran out of time on a
   * busy machine is run again: a lab may take seconds (tens of them, run
   * twice), and the screen said nothing until the panel came.
   */
  onProgress?: ((line: string) => void) | undefined
  /** Each lab's deadline (tests; the runner's default otherwise). */
  deadlineMs?: number | undefined
  /** The machine's CPU counters (tests). */
  readCpu?: RunLinkedOptions['readCpu']
}

/** Run every lab a card links (each once) and return the text to print. */
export async function runLinkedLabs(
  links: readonly LabLink[],
  options: LabPanelOptions,
): Promise<string> {
  const [linkedLabs, { formatLabPanel }, { judgeNotes }] = await Promise.all([
    import('../../labs/run-linked.js'),
    import('../../labs/report.js'),
    import('../verify/judge-rendered.js'),
  ])
  let results: LabResult[]
  try {
    ;({ results } = await linkedLabs.runLinkedLabs(links, {
      signal: options.signal,
      deadlineMs: options.deadlineMs,
      readCpu: options.readCpu,
      onLabStart: (id) => options.onProgress?.(`  running lab ${terminalLine(id)}…`),
      onLabRetry: (first, deadlineMs) =>
        options.onProgress?.(
          `  lab ${terminalLine(first.lab)}: ${terminalLine(first.reason ?? 'out of time')}; running it again with a deadline of ${deadlineMs} ms…`,
        ),
    }))
  } catch (error) {
    // No lab can run here (an unusable TMPDIR): say so, and the quiz goes on.
    if (error instanceof DecklabError)
      return `  labs cannot run here: ${terminalLine(error.message)}`
    throw error
  }
  const byLab = new Map(results.map((result) => [result.lab, result]))
  const colors = createColors(options.color)
  const lines: string[] = []
  for (const id of new Set(links.map((link) => link.lab))) {
    const result = byLab.get(id)
    if (!result) {
      lines.push(`  lab ${id}: not found (see \`${programName()} lab list\`)`)
      continue
    }
    const linkedChecks = new Set(
      links.flatMap((link) => (link.lab === id && link.check ? [link.check] : [])),
    )
    lines.push(...formatLabPanel(result, linkedChecks, colors))
  }
  if (options.note) {
    // As verify judges it: a big note on the judging thread, which Ctrl-C ends (a Cloze
    // listing of 600 styled deletions takes seconds, and held the keys until it was judged).
    // The quiz ends on that signal, as when it stops a lab: its answers saved, as it says. One
    // that came before the judging (as the labs ended) leaves it out too: judgeNotes would
    // judge the note whole then (for verify's report), and the grace time would end the quiz.
    try {
      if (options.signal?.aborted) throw new InterruptedError()
      const [verdict] = await judgeNotes([options.note], byLab, undefined, options.signal)
      if (verdict !== undefined) lines.push(...formatVerdict(verdict, options.color))
    } catch (error) {
      if (!(error instanceof InterruptedError)) throw error
      lines.push('  this card: not judged (interrupted)')
    }
  }
  return lines.join('\n')
}

const verdictColors: Record<VerdictStatus, 'green' | 'cyan' | 'red' | 'yellow'> = {
  confirmed: 'green',
  supported: 'cyan',
  refuted: 'red',
  unverified: 'yellow',
}

/** The card's verdict (its note's, which all its cards share), and for each link what the card says beside what the kernel showed. */
export function formatVerdict(verdict: NoteVerdict, color: boolean): string[] {
  const colors = createColors(color)
  // The verdict is the note's: a reversed card's reason names "card 2", which is not the
  // card on screen when "this card" was the first one.
  const whose = verdict.cards > 1 ? `this note (${verdict.cards} cards)` : 'this card'
  const lines = [
    `  ${whose}: ${colors[verdictColors[verdict.status]](verdict.status.toUpperCase())}`,
  ]
  let saidWhy = false
  for (const link of verdict.links) {
    for (const value of link.values) {
      const what = value.label ? ` (${value.label})` : ''
      // The mark has its word: a screen reader, or LANG=C's `+` and `x`, left
      // the mark alone meaning nothing.
      const mark = value.agrees ? '✓ agrees' : '✗ disagrees'
      lines.push(
        `    ${link.link}: card says ${terminalLine(value.card ?? 'nothing of it')}; kernel showed ${terminalLine(value.kernel)}${terminalLine(what)} ${mark}`,
      )
    }
    if (link.status !== 'confirmed' && link.reason) {
      lines.push(`    ${terminalLine(link.reason)}`)
      saidWhy = true
    }
  }
  // Every link confirmed (or none) yet the card is not: only the verdict says why.
  if (verdict.status !== 'confirmed' && !saidWhy && verdict.reason)
    lines.push(`    ${terminalLine(verdict.reason)}`)
  return lines
}
