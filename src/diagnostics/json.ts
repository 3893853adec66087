import type { Diagnostic } from './diagnostic.js'
import { sortDiagnostics } from './sort.js'

/** One diagnostic in `--json` output: keys in this order, `hint` only when there is one. */
export interface DiagnosticJson {
  file: string
  line: number
  column: number
  endLine: number
  endColumn: number
  severity: Diagnostic['severity']
  code: string
  message: string
  hint?: string
}

/** The diagnostics of a `--json` document, sorted (byte-stable for the same input). */
export function diagnosticsJson(diagnostics: readonly Diagnostic[]): DiagnosticJson[] {
  return sortDiagnostics(diagnostics).map((diagnostic) => ({
    file: diagnostic.file,
    line: diagnostic.line,
    column: diagnostic.column,
    endLine: diagnostic.endLine,
    endColumn: diagnostic.endColumn,
    severity: diagnostic.severity,
    code: diagnostic.code,
    message: diagnostic.message,
    ...(diagnostic.hint === undefined ? {} : { hint: diagnostic.hint }),
  }))
}
