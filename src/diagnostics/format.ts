import type { Colors } from '../terminal/colors.js'
import { terminalLine, terminalPath } from '../terminal/safe-text.js'
import { count } from '../text/count.js'
import { programName } from '../text/program-name.js'
import type { Diagnostic } from './diagnostic.js'
import { sortDiagnostics } from './sort.js'

/** `file:line:col severity code message` (DESIGN §3), plus an indented hint line. */
export function formatDiagnostic(diagnostic: Diagnostic, colors?: Colors | undefined): string {
  // User text (file names, note types, fields) can hold control characters.
  const place = `${terminalPath(diagnostic.file)}:${diagnostic.line}:${diagnostic.column}`
  const severity =
    diagnostic.severity === 'error'
      ? (colors?.red(diagnostic.severity) ?? diagnostic.severity)
      : (colors?.yellow(diagnostic.severity) ?? diagnostic.severity)
  const code = colors?.dim(diagnostic.code) ?? diagnostic.code
  const text = `${place} ${severity} ${code} ${terminalLine(diagnostic.message)}`
  return diagnostic.hint ? `${text}\n  hint: ${terminalLine(diagnostic.hint)}` : text
}

/**
 * Every diagnostic in print order (sorted), one `formatDiagnostic` each, each
 * ending in a newline; past a screenful, followed by how many there are of each
 * code (`formatCodeTally`).
 */
export function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  colors?: Colors | undefined,
): string {
  const listed = sortDiagnostics(diagnostics)
    .map((diagnostic) => `${formatDiagnostic(diagnostic, colors)}\n`)
    .join('')
  return `${listed}${formatCodeTally(diagnostics)}`
}

/** From this many diagnostics on, the listing ends with their count per code. */
export const codeTallyFrom = 25

/** Codes named per severity at most; the rest are counted together. */
const codesShown = 8

/**
 * `errors by code: 3 not-utf8, …` and `warnings by code: …` lines, or '' for a
 * short listing. A big old vault gives thousands of lines, most of them one
 * or two codes: the counts say which, and how many of each, without scrolling.
 */
export function formatCodeTally(diagnostics: readonly Diagnostic[]): string {
  if (diagnostics.length < codeTallyFrom) return ''
  const tallies = { error: new Map<string, number>(), warning: new Map<string, number>() }
  for (const { severity, code } of diagnostics) {
    const tally = tallies[severity]
    tally.set(code, (tally.get(code) ?? 0) + 1)
  }
  let text = ''
  for (const severity of ['error', 'warning'] as const) {
    const counts = [...tallies[severity]].sort(
      ([codeA, a], [codeB, b]) => b - a || (codeA < codeB ? -1 : 1),
    )
    if (counts.length === 0) continue
    const named = counts.slice(0, codesShown).map(([code, n]) => `${n} ${code}`)
    const rest = counts.slice(codesShown)
    if (rest.length > 0) {
      const others = rest.reduce((sum, [, n]) => sum + n, 0)
      named.push(`${others} of ${count(rest.length, 'other code')}`)
    }
    text += `${severity}s by code: ${named.join(', ')}\n`
  }
  return text
}

/** `2 errors, 1 warning` — the closing line of a human report. */
export function formatSummary(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length
  const warnings = diagnostics.length - errors
  return `${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`
}

/**
 * The warning of a command that goes on over notes with errors (quiz,
 * stats): the notes those errors stopped are not among its cards. Empty
 * when there is no error.
 */
export function notesWithErrorsWarning(
  diagnostics: readonly Diagnostic[],
  colors: Colors,
  outcome: string,
): string {
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length
  if (errors === 0) return ''
  return `${colors.yellow('warning')} ${count(errors, 'error')} in the notes; their cards may be missing ${outcome} (run \`${programName()} check\`)\n`
}
