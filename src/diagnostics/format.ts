import type { Colors } from '../terminal/colors.js'
import { terminalLine, terminalPath } from '../terminal/safe-text.js'
import { count } from '../text/count.js'
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

/** Every diagnostic in print order (sorted), one `formatDiagnostic` each, each ending in a newline. */
export function formatDiagnostics(
  diagnostics: readonly Diagnostic[],
  colors?: Colors | undefined,
): string {
  return sortDiagnostics(diagnostics)
    .map((diagnostic) => `${formatDiagnostic(diagnostic, colors)}\n`)
    .join('')
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
  return `${colors.yellow('warning')} ${count(errors, 'error')} in the notes; their cards may be missing ${outcome} (run \`decklab check\`)\n`
}
