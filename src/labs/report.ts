/**
 * Human-readable lab output: the list table and the run report (transcript,
 * then each check with expected / observed / evidence, then the status).
 */
import type { Colors } from '../cli/colors.js'
import type { Check, LabDefinition, LabResult, LabStatus } from './types.js'

/** The `lab list` table: id, serve kind, title. */
export function formatLabList(labs: readonly LabDefinition[]): string {
  const idWidth = Math.max(2, ...labs.map((lab) => lab.id.length))
  const serveWidth = 9
  const lines = [`${'ID'.padEnd(idWidth)}  ${'SERVE'.padEnd(serveWidth)}  TITLE`]
  for (const lab of labs) {
    lines.push(`${lab.id.padEnd(idWidth)}  ${(lab.serve ?? '-').padEnd(serveWidth)}  ${lab.title}`)
  }
  lines.push('', `${labs.length} labs. Run one with \`decklab lab run <id>\`.`)
  return `${lines.join('\n')}\n`
}

/** Colour a status word. */
export function statusText(status: LabStatus | Check['status'], colors: Colors): string {
  const word = status.toUpperCase()
  if (status === 'pass') return colors.green(word)
  if (status === 'skip') return colors.yellow(word)
  return colors.red(word)
}

/** The `lab run` report for one result. */
export function formatLabResult(result: LabResult, colors: Colors): string {
  const lines: string[] = [colors.bold(`${result.lab} — ${result.title}`), '']
  if (result.transcript.length > 0) {
    lines.push(colors.bold('Transcript'))
    for (const line of result.transcript) lines.push(`  ${colors.dim(line)}`)
    lines.push('')
  }
  if (result.checks.length > 0) {
    lines.push(colors.bold('Checks'))
    for (const check of result.checks) {
      lines.push(
        `  ${statusText(check.status, colors)} ${check.name}${check.value === undefined ? '' : `  = ${check.value}`}`,
      )
      if (check.expected) lines.push(`    expected: ${check.expected}`)
      lines.push(`    observed: ${check.observed}`)
      for (const evidence of check.evidence ?? [])
        lines.push(`    ${colors.dim(`evidence: ${evidence}`)}`)
    }
    lines.push('')
  }
  if (result.leftovers && result.leftovers.length > 0) {
    lines.push(colors.bold('Left behind'))
    for (const leftover of result.leftovers) lines.push(`  ${colors.red(leftover)}`)
    lines.push('')
  }
  const passed = result.checks.filter((check) => check.status === 'pass').length
  lines.push(
    `${statusText(result.status, colors)} ${result.lab}: ${passed}/${result.checks.length} checks passed in ${result.durationMs} ms${result.reason ? ` — ${result.reason}` : ''}`,
  )
  if (result.status === 'skip') {
    lines.push('Skipped labs prove nothing: `decklab verify` counts their cards as unverified.')
  }
  return `${lines.join('\n')}\n`
}
