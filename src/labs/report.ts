/**
 * Human-readable lab output, the one place a lab result is put into words:
 * the list table; the `lab run` report (transcript, then each check with
 * expected / observed / evidence, then the status); the quiz's lab panel
 * (the same checks, indented, the card's linked checks marked); and the
 * one line per lab of `decklab verify`. What a lab recorded can hold control
 * characters (a TMPDIR's, a peer's output, a file name it left behind): it is
 * shown escaped, as note text is.
 */

import { type Check, isBusyTimeout, type LabResult, type LabStatus } from '../model/lab-result.js'
import { type Colors, stripColors } from '../terminal/colors.js'
import { terminalLine as safe } from '../terminal/safe-text.js'
import { cutLine } from '../terminal/wrap.js'
import { count } from '../text/count.js'
import { programName } from '../text/program-name.js'
import { outOfTimeReason } from './machine-load.js'
import type { LabDefinition } from './types.js'

/** The `lab list` table: id, serve kind, title; each row cut to `columns` when given (a terminal). */
export function formatLabList(labs: readonly LabDefinition[], columns?: number): string {
  const idWidth = Math.max(2, ...labs.map((lab) => lab.id.length))
  const serveWidth = 9
  // On a terminal a row is cut to its width (the title's end gives way), never wrapped
  // under the ids; a pipe gets it whole.
  const fitRow = (line: string) => (columns === undefined ? line : cutLine(line, columns, '…'))
  const lines = [fitRow(`${'ID'.padEnd(idWidth)}  ${'SERVE'.padEnd(serveWidth)}  TITLE`)]
  for (const lab of labs) {
    lines.push(
      fitRow(
        `${lab.id.padEnd(idWidth)}  ${(lab.serve ?? '-').padEnd(serveWidth)}  ${safe(lab.title)}`,
      ),
    )
  }
  // A clone has no `decklab` on PATH before `npm link`; `npx decklab` runs the clone's own, as
  // the cards' lab footers say.
  lines.push('', `${count(labs.length, 'lab')}. Run one with \`${programName()} lab run <id>\`.`)
  return `${lines.join('\n')}\n`
}

/** Colour a status word. */
export function statusText(status: LabStatus | Check['status'], colors: Colors): string {
  const word = status.toUpperCase()
  if (status === 'pass') return colors.green(word)
  if (status === 'skip') return colors.yellow(word)
  return colors.red(word)
}

/** A lab that passed with some checks skipped: shown as `PARTIAL`, and counted so, not as a pass. */
export function isPartial(result: LabResult): boolean {
  return result.status === 'pass' && result.checks.some((check) => check.status === 'skip')
}

/**
 * The summary of a lab's checks: `PARTIAL` instead of `PASS` when some
 * checks were skipped (a skip proves nothing), and the counts.
 */
export function checkSummary(result: LabResult, colors: Colors): { word: string; counts: string } {
  const passed = result.checks.filter((check) => check.status === 'pass').length
  const skipped = result.checks.filter((check) => check.status === 'skip').length
  const total = result.checks.length
  const counts = `${passed}/${total} checks passed${skipped > 0 && result.status !== 'skip' ? `, ${skipped} skipped` : ''}`
  const word = isPartial(result)
    ? colors.yellow('PARTIAL')
    : isBusyTimeout(result)
      ? colors.yellow('TIMEOUT')
      : statusText(result.status, colors)
  return {
    word,
    counts,
  }
}

/** The `lab run` report for one result. */
export function formatLabResult(result: LabResult, colors: Colors): string {
  const lines: string[] = [colors.bold(`${result.lab} — ${safe(result.title)}`), '']
  if (result.transcript.length > 0) {
    lines.push(colors.bold('Transcript'))
    for (const line of result.transcript) lines.push(`  ${colors.dim(safe(line))}`)
    lines.push('')
  }
  if (result.checks.length > 0) {
    lines.push(colors.bold('Checks'))
    for (const check of result.checks) {
      lines.push(
        `  ${statusText(check.status, colors)} ${check.name}${check.value === undefined ? '' : `  = ${safe(check.value)}`}`,
      )
      if (check.expected) lines.push(`    expected: ${safe(check.expected)}`)
      lines.push(`    observed: ${safe(check.observed)}`)
      for (const evidence of check.evidence ?? [])
        lines.push(`    ${colors.dim(`evidence: ${safe(evidence)}`)}`)
    }
    lines.push('')
  }
  if (result.leftovers && result.leftovers.length > 0) {
    lines.push(colors.bold('Left behind'))
    for (const leftover of result.leftovers) lines.push(`  ${colors.red(safe(leftover))}`)
    lines.push('')
  }
  const summary = checkSummary(result, colors)
  const skippedChecks = result.checks.filter((check) => check.status === 'skip')
  const why =
    result.reason ??
    (result.status === 'pass' && skippedChecks.length > 0
      ? `skipped: ${skippedChecks.map((check) => `${check.name} (${check.observed})`).join('; ')}`
      : undefined)
  lines.push(
    `${summary.word} ${result.lab}: ${summary.counts} in ${result.durationMs} ms${why ? ` — ${safe(why)}` : ''}`,
  )
  if (result.status === 'skip') {
    lines.push(
      `Skipped labs prove nothing: \`${programName()} verify\` counts their cards as unverified.`,
    )
  }
  return `${lines.join('\n')}\n`
}

/** A lab result as indented lines for the quiz's lab panel; the checks the card links are marked with `▸`. */
export function formatLabPanel(
  result: LabResult,
  linkedChecks: ReadonlySet<string>,
  colors: Colors,
): string[] {
  // PARTIAL, not PASS, when a check was skipped, as `lab run` and `verify` say.
  const lines = [
    `  lab ${result.lab}: ${checkSummary(result, colors).word} — ${safe(result.title)} (${result.durationMs} ms)`,
  ]
  // The quiz has no --deadline: a lab a busy machine kept past its deadlines is given its command.
  const reason =
    result.outOfTime && isBusyTimeout(result)
      ? outOfTimeReason(result.outOfTime, `${programName()} lab run ${result.lab}`)
      : result.reason
  if (reason) lines.push(`    ${safe(reason)}`)
  for (const check of result.checks) {
    const mark = linkedChecks.has(check.name) ? '▸' : ' '
    const status = {
      pass: colors.green('pass'),
      fail: colors.red('FAIL'),
      skip: colors.yellow('skip'),
    }[check.status]
    lines.push(`   ${mark} ${status} ${check.name}`)
    // A check the lab never recorded (stopped with Ctrl-C or Ctrl-D first) expects nothing:
    // no empty `expected:` line, as `lab run` shows none.
    if (check.expected) lines.push(`        expected: ${safe(check.expected)}`)
    lines.push(`        observed: ${safe(check.observed)}`)
    for (const evidence of check.evidence ?? []) lines.push(`        evidence: ${safe(evidence)}`)
  }
  for (const leftover of result.leftovers ?? []) lines.push(`    left behind: ${safe(leftover)}`)
  return lines
}

/** One line per lab for `decklab verify`: status, id, counts, time and the reason. */
export function formatLabLine(result: LabResult, colors: Colors): string {
  const { word, counts } = checkSummary(result, colors)
  const reason = result.reason ? `: ${safe(result.reason)}` : ''
  const padding = ' '.repeat(Math.max(0, 7 - stripColors(word).length))
  return `${word}${padding} ${result.lab} (${counts}, ${result.durationMs} ms)${reason}`
}
