import type { Reporter } from '../diagnostics/reporter.js'
import { idCoreSource, idOpeningSource, idPattern } from '../model/id-syntax.js'
import type { NoteBlock, Span } from '../model/note.js'
import type { NoteTypeLookup } from '../model/note-types.js'
import { curlyToCloze, hasAnkiCloze, isClozeTypeName } from './cloze.js'
import { inlineMathSpans } from './inline-math.js'
import { isMalformedIdLine, reportMalformedId } from './note-lines.js'
import type { OffsetMap } from './offset-map.js'
import { createRegexBudget, matchUserRegexes, type RegexBudget } from './regex-match.js'
import type { CustomRegexp } from './settings.js'
import { pointAt, type SourceLine } from './text-lines.js'

/** A half-open range of offsets in the `\n`-only text that regex notes may not start in. */
export type IgnoreSpan = [start: number, end: number]

/**
 * What the plugin appends to a user regex to catch a `Tags:` line and an ID
 * (note.ts: `\n?(?:<!--)?(?:ID: (\d+).*)`), the ID in the spellings every
 * reader takes (`model/id-syntax.ts`).
 */
const tagsSuffix = '(Tags: .*)'
const idSuffix = String.raw`\n?${idOpeningSource}(?:${idCoreSource}.*)`

/** The plugin's search order: regex+tags+id, regex+id, regex+tags, regex. */
const variants = [
  { searchId: true, searchTags: true },
  { searchId: true, searchTags: false },
  { searchId: false, searchTags: true },
  { searchId: false, searchTags: false },
].map((variant) => ({
  ...variant,
  suffix: (pattern: string) =>
    pattern + (variant.searchTags ? tagsSuffix : '') + (variant.searchId ? idSuffix : ''),
}))

// The plugin's code and math spans (constants.ts): regex notes never start inside them.
// (Inline math, the first of them, is found by a linear scan: inline-math.ts.)
const protectedPatterns = [/\$\$([\s\S]*?)\$\$/g, /(?<!`)`(?=[^`])[\s\S]*?`/g, /```[\s\S]*?```/g]

export interface RegexNoteContext {
  /** The file's reporter. */
  report: Reporter
  lines: readonly SourceLine[]
  offsets: OffsetMap
  customRegexps: readonly CustomRegexp[]
  /** The note types a style may name. */
  noteTypes: NoteTypeLookup
  curlyCloze: boolean
  highlightsToCloze: boolean
  /** Spans already taken (blocks, inline notes, fences, file settings lines), `\n`-text offsets. */
  ignoreSpans: IgnoreSpan[]
  /** The run's time budget for custom regexes (shared by every file of a run); default: a fresh one. */
  budget?: RegexBudget | undefined
}

/**
 * Custom regex notes with the plugin's semantics: per note type in settings
 * order, the variants regex+tags+id, regex+id, regex+tags, regex; a match that
 * starts inside a taken span is skipped, and each accepted match becomes a
 * taken span. Capture groups fill the note type's fields in order.
 */
export function findRegexNotes(context: RegexNoteContext): NoteBlock[] {
  const text = context.offsets.normalized
  const fixed = [...context.ignoreSpans, ...inlineMathSpans(text)]
  for (const pattern of protectedPatterns) {
    for (const match of text.matchAll(pattern)) {
      fixed.push([match.index, match.index + match[0].length])
    }
  }
  const taken = createSpanIndex(fixed)
  /** Matches accepted so far (few: one per note). */
  const accepted: IgnoreSpan[] = []
  const isTaken = (offset: number) =>
    taken(offset) || accepted.some(([start, end]) => offset >= start && offset <= end)
  const notes: NoteBlock[] = []
  const budget = context.budget ?? createRegexBudget()
  const styles = context.customRegexps.flatMap(({ noteType: typeName, pattern }) => {
    const noteType = context.noteTypes.get(typeName)
    return noteType && !budget.slowStyles.has(typeName)
      ? [{ typeName, noteType, sources: variants.map((variant) => variant.suffix(pattern)) }]
      : []
  })
  if (styles.length === 0) return notes
  const budgetSpent = () => {
    context.report.error(
      'regex-budget-spent',
      'Unexpected custom regexes still to run after the time allowed for a whole run, expected regexes that finish in time; the regex notes of this file are skipped',
      {
        hint: 'a custom regex in the plugin settings backtracks catastrophically, or the vault is very large',
      },
    )
    return notes
  }
  if (budget.remainingMs < 1) return budgetSpent()
  // One sandbox call for every style; only when it times out is each style
  // run on its own, to find (and skip) the slow one.
  const together = matchUserRegexes(
    styles.flatMap((style) => style.sources),
    text,
    budget,
  )
  for (const [styleIndex, { typeName, noteType, sources }] of styles.entries()) {
    if (!together && budget.remainingMs < 1) return budgetSpent()
    const results = together
      ? together.slice(styleIndex * variants.length, (styleIndex + 1) * variants.length)
      : matchUserRegexes(sources, text, budget)
    if (!results) {
      if (budget.remainingMs < 1) return budgetSpent()
      budget.slowStyles.add(typeName)
      context.report.error(
        'regex-timeout',
        `Unexpected slow custom regex for \`${typeName}\` (over ${budget.sliceMs / 1000} s on this file), expected a regex without catastrophic backtracking; its notes are skipped in this file and every later one`,
      )
      continue
    }
    const isCloze = isClozeTypeName(noteType.name)
    for (const [variantIndex, { searchId, searchTags }] of variants.entries()) {
      for (const match of results[variantIndex] ?? []) {
        if (isTaken(match.index)) continue
        const groups = [...match.groups]
        const idText = searchId ? groups.pop() : undefined
        if (searchId && !idText) {
          // A top-level `|` leaves the ID line the plugin appends to the last alternative:
          // a match of another one has no ID group. Taken as a note without an ID, it
          // would get a new ID line at every build (the regex never reads it back).
          accepted.push([match.index, match.index + match.length])
          reportIdGroupUnmatched(context, typeName, match.index)
          continue
        }
        const id = searchId ? Number(idText) : null
        let tags: string[] = []
        if (searchTags) {
          tags = (groups.pop() ?? '')
            .slice('Tags: '.length)
            .split(' ')
            .filter((tag) => tag !== '')
        }
        const fields: Record<string, string> = {}
        noteType.fields.forEach((name, index) => {
          fields[name] = (groups[index] ?? '').trim()
        })
        if (isCloze) {
          // Not a note unless a cloze comes out (the plugin's CLOZE_ERROR).
          const converted = Object.values(fields).map((field) =>
            context.curlyCloze
              ? curlyToCloze(field, { highlightsToCloze: context.highlightsToCloze })
              : field,
          )
          if (!converted.some(hasAnkiCloze)) continue
        }
        const end = match.index + match.length
        accepted.push([match.index, end])
        if (id === null && malformedIdAfter(text, end, context)) continue
        const startOffset = context.offsets.toOriginal(match.index)
        const endOffset = context.offsets.toOriginal(end)
        const idSpan = id === null ? undefined : idSpanInMatch(text, match.index, end, id, context)
        notes.push({
          kind: 'regex',
          noteType: noteType.name,
          fields,
          tags,
          id,
          idSpan,
          labs: [],
          span: {
            start: pointAt(context.lines, startOffset),
            end: pointAt(context.lines, endOffset),
          },
          idInsertOffset: endOffset,
        })
      }
    }
  }
  return notes
}

/**
 * Whether the text where the ID suffix would read a note's ID (the rest of
 * the match's line, or the next line when the match ends a line) is an ID
 * line no reader takes
 * (`<!--id: 5-->`, `<!--ID: abc-->`): the `malformed-id` error there, and
 * the note is skipped, so no second ID is written over it.
 */
function malformedIdAfter(
  text: string,
  end: number,
  context: Pick<RegexNoteContext, 'lines' | 'offsets' | 'report'>,
): boolean {
  const start = text[end] === '\n' ? end + 1 : end
  const lineEnd = text.indexOf('\n', start)
  const line = text.slice(start, lineEnd === -1 ? text.length : lineEnd)
  if (!isMalformedIdLine(line)) return false
  const indent = line.length - line.trimStart().length
  const from = context.offsets.toOriginal(start + indent)
  const to = context.offsets.toOriginal(start + line.trimEnd().length)
  reportMalformedId(context.report, line, {
    start: pointAt(context.lines, from),
    end: pointAt(context.lines, to),
  })
  return true
}

/**
 * Whether an offset lies in any of the spans (ends inclusive, the plugin's
 * check), in O(log n): spans sorted by start with a running maximum of ends.
 */
function createSpanIndex(spans: readonly IgnoreSpan[]): (offset: number) => boolean {
  const sorted = [...spans].sort((a, b) => a[0] - b[0])
  const starts = sorted.map(([start]) => start)
  const maxEnds: number[] = []
  let maxEnd = Number.NEGATIVE_INFINITY
  for (const [, end] of sorted) {
    maxEnd = Math.max(maxEnd, end)
    maxEnds.push(maxEnd)
  }
  return (offset) => {
    let low = 0
    let high = starts.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (starts[middle]! <= offset) low = middle + 1
      else high = middle
    }
    return low > 0 && maxEnds[low - 1]! >= offset
  }
}

/**
 * Where a regex note's ID is written: the last `<!--ID: N-->` (or `ID: N`)
 * inside its match, where the plugin's ID suffix puts it.
 */
function idSpanInMatch(
  text: string,
  start: number,
  end: number,
  id: number,
  context: Pick<RegexNoteContext, 'lines' | 'offsets'>,
): Span | undefined {
  let found: RegExpExecArray | undefined
  for (const match of text.slice(start, end).matchAll(new RegExp(idPattern, 'g'))) {
    if (Number(match[1]) === id) found = match
  }
  if (!found) return undefined
  const idStart = context.offsets.toOriginal(start + found.index)
  const idEnd = context.offsets.toOriginal(start + found.index + found[0].length)
  return { start: pointAt(context.lines, idStart), end: pointAt(context.lines, idEnd) }
}

/** A match of the ID variant whose ID group took no part: said at the match, and skipped. */
function reportIdGroupUnmatched(context: RegexNoteContext, typeName: string, index: number): void {
  const start = pointAt(context.lines, context.offsets.toOriginal(index))
  context.report.error(
    'regex-id-group',
    `Unexpected match of the custom regex for \`${typeName}\` without its ID group, expected the ID line after every match (a top-level \`|\` gives it to the last alternative only): the note is skipped`,
    {
      place: { line: start.line, column: start.column },
      hint: 'Wrap the whole regex in a group, `(?:…)`, so that the ID line the plugin reads after a note follows every alternative.',
    },
  )
}
