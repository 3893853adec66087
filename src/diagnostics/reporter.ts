import type { Diagnostic, Place, PlacePoint, Severity } from './diagnostic.js'

/** What a report may add to its code and message. */
export interface ReportOptions {
  /** Where the problem is; default: the reporter's own place (else line 1, column 1). */
  place?: Place | undefined
  /** Extra advice: what to do about it. */
  hint?: string | undefined
}

/**
 * Reports problems in one source file, in the manner of vfile's
 * `file.message(reason, {place, ruleId})`: each call makes a diagnostic with
 * named fields, records it and returns it.
 */
export interface Reporter {
  /** The file every diagnostic names (relative to the current directory). */
  readonly file: string
  error(code: string, message: string, options?: ReportOptions): Diagnostic
  warning(code: string, message: string, options?: ReportOptions): Diagnostic
}

const firstPoint: PlacePoint = { line: 1, column: 1 }

/**
 * A reporter for `file` that appends to `sink` (pass none to only get the
 * returned diagnostic). `place` is where reports without one point: a note's
 * span, say; whole-file problems default to 1:1.
 */
export function createReporter(
  file: string,
  sink: Diagnostic[] = [],
  place: Place = firstPoint,
): Reporter {
  const report = (severity: Severity, code: string, message: string, options?: ReportOptions) => {
    const where = options?.place ?? place
    const { start, end } = 'start' in where ? where : { start: where, end: where }
    const diagnostic: Diagnostic = {
      file,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      severity,
      code,
      message,
    }
    // Left out when absent, so JSON output stays tidy.
    if (options?.hint !== undefined) diagnostic.hint = options.hint
    sink.push(diagnostic)
    return diagnostic
  }
  return {
    file,
    error: (code, message, options) => report('error', code, message, options),
    warning: (code, message, options) => report('warning', code, message, options),
  }
}

/** Where a note starts (its `START` line, inline note or regex match) and, when known, ends. */
export interface NotePlace {
  source: { file: string; line: number; column: number; end?: PlacePoint | undefined }
}

/** A reporter for a resolved note: reports point at the note unless given a place. */
export function createNoteReporter(note: NotePlace, sink: Diagnostic[] = []): Reporter {
  const { file, line, column, end } = note.source
  const start = { line, column }
  return createReporter(file, sink, end ? { start, end } : start)
}
