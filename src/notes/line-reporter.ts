import { createDiagnostic, type Diagnostic, type Severity } from '../diagnostics/diagnostic.js'

/** Reports a problem on a 0-based line index of `file` into `diagnostics`. */
export type LineReporter = (
  index: number,
  column: number,
  severity: Severity,
  code: string,
  message: string,
  hint?: string,
) => void

/** A `LineReporter` for one file (the scanner counts lines from 0, diagnostics from 1). */
export function createLineReporter(file: string, diagnostics: Diagnostic[]): LineReporter {
  return (index, column, severity, code, message, hint) => {
    diagnostics.push(createDiagnostic(file, index + 1, column, severity, code, message, hint))
  }
}
