/** Line shapes shared by block, inline and frozen parsing. */

import type { Place } from '../diagnostics/diagnostic.js'
import type { Reporter } from '../diagnostics/reporter.js'
import { idSource } from '../model/id-syntax.js'
import { splitTags } from './tags.js'

/**
 * A whole line that is an ID: `<!--ID: 123-->` or `ID: 123` (surrounding
 * blanks allowed), in the spellings every reader takes (`model/id-syntax.ts`).
 */
const idLinePattern = new RegExp(String.raw`^\s*${idSource}\s*$`)

/** The ID of an ID line, or undefined. */
export function idOfLine(line: string): number | undefined {
  // Most lines hold no `ID:`: skip the regex for them.
  if (!line.includes('ID:')) return undefined
  const match = idLinePattern.exec(line)
  return match ? Number(match[1]) : undefined
}

/**
 * A line meant as an ID line that is not one: the comment form with
 * anything but digits (`<!--ID: -5-->`, `<!--ID: abc-->`) or a broken
 * closing (`<!--ID: 5->`: the ID line must be the whole line), `id` in
 * another case (`<!--id: 5-->`, or bare with an id's many digits,
 * `id: 1700000000000`: the plugin's regexes are case-sensitive, so it does
 * not read them either; a short `id: 5` is the field's text), or `ID:` with a number
 * in another notation (`ID: 1e5`, `ID: 0x10`, `ID: -5`). Taken as field
 * text, it would hide the note's ID and a second ID line would be written.
 */
export function isMalformedIdLine(line: string): boolean {
  return idOfLine(line) === undefined && malformedIdPatterns.some((pattern) => pattern.test(line))
}

const malformedIdPatterns = [
  // An ID comment, in any case.
  /^\s*<!--\s*ID\s*:/i,
  // A bare `ID:` with a number in another notation.
  /^\s*ID\s*:\s*[-+]?(?:\d|0x|\.\d)/,
  // A bare `id:` in another case only with an id's many digits: `id: 5` may be the field's own text.
  /^\s*ID\s*:\s*\d{10,}\s*$/i,
]

/**
 * The `malformed-id` error for an ID as written (`isMalformedIdLine`, or an
 * inline note's comment): the note is skipped, so no second ID is written.
 */
export function reportMalformedId(
  report: Reporter,
  written: string,
  place: Place,
  what: 'ID line' | 'ID' = 'ID line',
): void {
  report.error(
    'malformed-id',
    `Unexpected ${what} \`${written.trim()}\`, expected \`<!--ID: \` then the note's id in digits and \`-->\``,
    {
      place,
      hint: 'correct it (`ID` in capitals, the id in digits), or delete it so a new ID is written',
    },
  )
}

/** `Tags: a b` (the plugin wants `Tags: ` with a space; an empty `Tags:` is accepted too). */
export function tagsOfLine(line: string): string[] | undefined {
  if (!line.startsWith('Tags:')) return undefined
  const rest = line.slice(5)
  if (rest !== '' && rest[0] !== ' ' && rest[0] !== '\t') return undefined
  return splitTags(rest)
}

/**
 * The field a line switches to (`Back: …`, at column 0, first match in
 * field order, then in `aliases`: written name → field), with the rest.
 */
export function fieldPrefix(
  line: string,
  fieldNames: readonly string[],
  aliases?: Readonly<Record<string, string>>,
): { field: string; rest: string } | undefined {
  for (const field of fieldNames) {
    if (startsWithPrefix(line, field)) return { field, rest: line.slice(field.length + 1) }
  }
  if (aliases === undefined) return undefined
  for (const [written, field] of Object.entries(aliases)) {
    if (startsWithPrefix(line, written)) return { field, rest: line.slice(written.length + 1) }
  }
  return undefined
}

/**
 * A `Name:` prefix the line would have if only its case were right
 * (`back:` for `Back`; `tags:` for `Tags`): the name as written and as
 * meant. The caller has found no exact prefix.
 */
export function prefixInOtherCase(
  line: string,
  names: readonly string[],
): { written: string; meant: string } | undefined {
  for (const name of names) {
    // The colon first: most lines have none there, and need no lower-casing.
    if (line.length > name.length && line.charCodeAt(name.length) === 58) {
      const written = line.slice(0, name.length)
      if (written !== name && written.toLowerCase() === name.toLowerCase()) {
        return { written, meant: name }
      }
    }
  }
  return undefined
}

/** Whether a line starts with `name:`. */
function startsWithPrefix(line: string, name: string): boolean {
  // The length first: a read past the line's end would deoptimise the block parser.
  return line.length > name.length && line.startsWith(name) && line.charCodeAt(name.length) === 58
}
