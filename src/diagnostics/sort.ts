import { compareStrings } from '../text/compare-strings.js'
import type { Diagnostic } from './diagnostic.js'

/**
 * Sort by file, then position, then code, so output is byte-stable for the
 * same input. Only printers call it (text, JSON, the preview page): stages
 * report in whatever order they find problems.
 */
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
