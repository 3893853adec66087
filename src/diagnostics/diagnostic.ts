/**
 * A problem found in user content. Every stage reports problems as
 * diagnostics instead of throwing, so one run shows every problem at once.
 * Stages make them with a reporter (`./reporter.ts`), never by hand.
 */
export type Severity = 'error' | 'warning'

/** A 1-based line and column in a source file. */
export interface PlacePoint {
  line: number
  column: number
}

/** A range in a source file; `end` is exclusive, as in unist positions. */
export interface PlaceRange {
  start: PlacePoint
  end: PlacePoint
}

/** Where a diagnostic points: a point, or a start..end range (vfile's `place`). */
export type Place = PlacePoint | PlaceRange

export interface Diagnostic {
  /** Path relative to the current directory, `/`-separated. */
  file: string
  /** 1-based line of the start. */
  line: number
  /** 1-based column of the start. */
  column: number
  /** Line of the end; the start line when only a point is known. */
  endLine: number
  /** Column just past the end; the start column when only a point is known. */
  endColumn: number
  severity: Severity
  /** Stable kebab-case code, e.g. `unterminated-block`. Never renamed or reused. */
  code: string
  /** "Unexpected X, expected Y" wording, code names in backticks. */
  message: string
  /** Optional extra advice (what to do about it). */
  hint?: string | undefined
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((diagnostic) => diagnostic.severity === 'error')
}
