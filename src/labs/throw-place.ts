/**
 * Where in a lab module an error was thrown, as `labs/<id>.ts:line:column`:
 * a lab that throws then says which line of the course's lab, without a
 * stack trace. The first frame of the stack in the labs folder is taken, and
 * read back to the source through the source map tsc writes beside each
 * compiled lab (under vitest the frames already point at the source).
 */
import { readFileSync } from 'node:fs'
import { SourceMap, type SourceMapPayload } from 'node:module'
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { pathInside } from '../text/relative-path.js'

/** A stack frame's place: `(file:///…/x.js:12:5)` or `at /…/x.js:12:5`. */
const framePlace = /(?:\(|at )((?:file:\/\/)?\/[^()]+?):(\d+):(\d+)\)?$/

/** The places of a stack's frames that name a file, innermost first (file URLs as paths). */
export function* stackPlaces(
  stack: string,
): Generator<{ file: string; line: number; column: number }> {
  for (const line of stack.split('\n').slice(1)) {
    const match = framePlace.exec(line.trim())
    if (!match) continue
    const [, where = '', lineText = '', columnText = ''] = match
    const file = where.startsWith('file://') ? fileURLToPath(where) : where
    yield { file, line: Number(lineText), column: Number(columnText) }
  }
}

/** ` (at labs/x.ts:12:5)` for an error thrown in a module of `labsDirectory`, else ''. */
export function throwPlaceSuffix(error: unknown, labsDirectory: string, root: string): string {
  const place = throwPlace(error, labsDirectory, root)
  return place === undefined ? '' : ` (at ${place})`
}

/**
 * `labs/x.ts:12:5` for an error thrown in a module of `labsDirectory`, or
 * of a folder in it (a helper the labs share, `labs/common/x.ts`: thrown
 * from its timer, no lab's frame is on the stack); paths relative to `root`.
 */
export function throwPlace(
  error: unknown,
  labsDirectory: string,
  root: string,
): string | undefined {
  if (!(error instanceof Error) || typeof error.stack !== 'string') return undefined
  const labs = resolve(labsDirectory)
  for (const frame of stackPlaces(error.stack)) {
    if (pathInside(labs, frame.file) === undefined) continue
    const place = sourcePlace(frame.file, frame.line, frame.column) ?? frame
    return `${relative(root, place.file)}:${place.line}:${place.column}`
  }
  return undefined
}

/** The id of the lab module of `labsDirectory` an error was thrown from (its first frame there). */
export function throwingLab(error: unknown, labsDirectory: string): string | undefined {
  if (!(error instanceof Error) || typeof error.stack !== 'string') return undefined
  for (const frame of stackPlaces(error.stack)) {
    if (resolve(dirname(frame.file)) !== resolve(labsDirectory)) continue
    return basename(frame.file).replace(/\.[jt]s$/, '')
  }
  return undefined
}

/** The source place of a compiled module's line and column (1-based), through its `.map`. */
function sourcePlace(
  file: string,
  line: number,
  column: number,
): { file: string; line: number; column: number } | undefined {
  let payload: SourceMapPayload
  try {
    payload = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as SourceMapPayload
  } catch {
    return undefined
  }
  const entry = new SourceMap(payload).findEntry(line - 1, column - 1) as {
    originalSource?: string
    originalLine?: number
    originalColumn?: number
  }
  if (entry.originalSource === undefined || entry.originalLine === undefined) return undefined
  const source = entry.originalSource.startsWith('file://')
    ? fileURLToPath(entry.originalSource)
    : entry.originalSource
  return {
    file: isAbsolute(source) ? source : resolve(dirname(file), payload.sourceRoot ?? '', source),
    line: entry.originalLine + 1,
    column: (entry.originalColumn ?? 0) + 1,
  }
}
