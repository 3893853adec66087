/**
 * A problem found in user content. Every stage reports problems as
 * diagnostics instead of throwing, so one run shows every problem at once.
 */
export type Severity = 'error' | 'warning'

export interface Diagnostic {
  /** Path relative to the current directory, `/`-separated. */
  file: string
  /** 1-based line. */
  line: number
  /** 1-based column. */
  column: number
  severity: Severity
  /** Stable kebab-case code, e.g. `unterminated-block`. Never renamed or reused. */
  code: string
  /** "Unexpected X, expected Y" wording, code names in backticks. */
  message: string
  /** Optional extra advice (what to do about it). */
  hint?: string | undefined
}

/** Create a diagnostic; `hint` is left out when not given (keeps JSON output tidy). */
export function createDiagnostic(
  file: string,
  line: number,
  column: number,
  severity: Severity,
  code: string,
  message: string,
  hint?: string | undefined,
): Diagnostic {
  const diagnostic: Diagnostic = { file, line, column, severity, code, message }
  if (hint !== undefined) diagnostic.hint = hint
  return diagnostic
}

/** Sort by file, then position, then code, so output is byte-stable for the same input. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      compareStrings(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compareStrings(a.code, b.code) ||
      compareStrings(a.message, b.message),
  )
}

/** Code-unit comparison, independent of the locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((diagnostic) => diagnostic.severity === 'error')
}

/** A diagnostic at the start of a note (its `START` line, inline note or regex match). */
export function noteDiagnostic(
  note: { source: { file: string; line: number; column: number } },
  severity: Severity,
  code: string,
  message: string,
  hint?: string | undefined,
): Diagnostic {
  return createDiagnostic(
    note.source.file,
    note.source.line,
    note.source.column,
    severity,
    code,
    message,
    hint,
  )
}
