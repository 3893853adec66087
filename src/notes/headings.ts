import type { SourceLine } from './text-lines.js'

/** A Markdown heading outside code and blocks (for the "Add Context" breadcrumb). */
export interface Heading {
  level: number
  text: string
  /** Offset of the heading line in the original text. */
  offset: number
}

const atxHeading = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/

/** The ATX heading a line is (`# Title`, up to three spaces of indent), or undefined. */
export function readHeading(line: SourceLine): Heading | undefined {
  // Most lines start with neither `#` nor a space: skip the regex for them. (An
  // empty line is not read past its end: that would deoptimise the line scanner.)
  if (line.text.length === 0) return undefined
  const first = line.text.charCodeAt(0)
  if (first !== 35 && first !== 32) return undefined
  const heading = atxHeading.exec(line.text)
  if (!heading) return undefined
  return { level: heading[1]!.length, text: (heading[2] ?? '').trim(), offset: line.start }
}
