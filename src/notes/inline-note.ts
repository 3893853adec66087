import type { Reporter } from '../diagnostics/reporter.js'
import { idPattern } from '../model/id-syntax.js'
import type { NoteBlock, Span } from '../model/note.js'
import {
  type NoteTypeInfo,
  type NoteTypeLookup,
  offeredNoteTypeNames,
} from '../model/note-types.js'
import { codeSpans, spanAt } from '../text/code-spans.js'
import { nearestName } from '../text/nearest-name.js'
import { reportedAmbiguousName } from './ambiguous-note-type.js'
import { reportMalformedId } from './note-lines.js'
import { reportStockFieldWord, stockFieldNames } from './stock-field-prefix.js'
import type { SourceLine } from './text-lines.js'

export interface InlineContext {
  lineIndex: number
  line: SourceLine
  beginInlineNote: string
  endInlineNote: string
  /** The note types a note may name. */
  noteTypes: NoteTypeLookup
  /** The file's reporter. */
  report: Reporter
}

/** An ID comment no reader takes (`<!--id: 5-->`, `<!--ID: abc-->`), up to its closing. */
const malformedInlineId = /<!--\s*ID\s*:.*?(?:-->|$)/i
const inlineTags = /Tags: (.*)/
const inlineType = /^\[(.*?)\]/

/**
 * Every `STARTI [Type] … ENDI` note on one line (several may share a line).
 * Follows the plugin: the ID and `Tags:` may sit anywhere and cut the text
 * there; a word `Field:` switches the field.
 */
export function parseInlineNotes(context: InlineContext): NoteBlock[] {
  const { line, beginInlineNote, endInlineNote, report } = context
  const notes: NoteBlock[] = []
  const lineNumber = context.lineIndex + 1
  /** Columns `from`..`to` (0-based, `to` exclusive) of this line. */
  const columns = (from: number, to: number) => ({
    start: { line: lineNumber, column: from + 1 },
    end: { line: lineNumber, column: to + 1 },
  })
  const code = codeSpans(line.text)
  let from = 0
  for (;;) {
    const begin = findOutsideCode(line.text, beginInlineNote, from, code)
    if (begin === -1) break
    const end = findMarker(line.text, endInlineNote, begin + beginInlineNote.length)
    if (end === -1) {
      report.error(
        'unterminated-inline',
        `Unexpected end of line, expected \`${endInlineNote}\` to close the \`${beginInlineNote}\` note`,
        { place: columns(begin, line.text.length), hint: 'inline notes fit on one line' },
      )
      break
    }
    from = end + endInlineNote.length
    const inner = line.text.slice(begin + beginInlineNote.length, end)
    // Columns on this line: the note's text starts after the marker and the blanks `trim` dropped.
    const textStart = begin + beginInlineNote.length + inner.length - inner.trimStart().length
    const withId = readInlineId(inner.trim(), textStart, context)
    if (withId === undefined) continue
    let { text } = withId
    const { id, idSpan, tagsAfterId } = withId
    let tags: string[] = tagsAfterId === undefined ? [] : splitWords(tagsAfterId)
    const tagsMatch = inlineTags.exec(text)
    if (tagsMatch) {
      tags = [...splitWords(tagsMatch[1]!), ...tags]
      text = text.slice(0, tagsMatch.index)
    }
    const typeMatch = inlineType.exec(text.trim())
    if (!typeMatch) {
      report.error(
        'missing-note-type',
        `Unexpected \`${beginInlineNote}\` without a note type, expected \`${beginInlineNote} [Basic] …\``,
        { place: columns(begin, from) },
      )
      continue
    }
    const noteTypeName = typeMatch[1]!.trim()
    const noteType = context.noteTypes.get(noteTypeName)
    if (!noteType) {
      const suggestion = nearestName(noteTypeName, offeredNoteTypeNames(context.noteTypes))
      const typeStart = line.text.indexOf('[', begin) + 1
      const place = columns(typeStart, typeStart + typeMatch[1]!.length)
      if (reportedAmbiguousName(noteTypeName, place, report)) continue
      report.error(
        'unknown-note-type',
        `Unexpected note type \`${noteTypeName}\`, expected a known note type${suggestion ? ` such as \`${suggestion}\`` : ''}`,
        {
          place,
          hint: suggestion ? `did you mean \`${suggestion}\`?` : undefined,
        },
      )
      continue
    }
    const afterType = text.trim().slice(typeMatch[0].length)
    const wordsStart =
      textStart + typeMatch[0].length + afterType.length - afterType.trimStart().length
    const { joined, places, stockAnswerPrefix } = inlineFields(
      afterType.trim(),
      wordsStart,
      noteType,
      context,
    )
    if (joined[noteType.fields[0]!] === '') {
      report.error(
        'missing-first-field',
        `Unexpected empty \`${noteType.fields[0]}\`, expected text for the first field`,
        { place: columns(begin, from) },
      )
      continue
    }
    notes.push({
      kind: 'inline',
      noteType: noteType.name,
      fields: joined,
      tags,
      id,
      idSpan,
      labs: [],
      fieldPlaces: places,
      span: {
        start: { line: lineNumber, column: begin + 1, offset: line.start + begin },
        end: { line: lineNumber, column: from + 1, offset: line.start + from },
      },
      idInsertOffset: line.start + end,
      ...(stockAnswerPrefix ? { stockAnswerPrefix } : {}),
    })
  }
  return notes
}

/**
 * An inline note's fields from its words (after the type), as the plugin
 * splits them: a word `Field:` switches the field. Each field's place is its
 * first word's, `verbatim` when the field is the line's text from there (not
 * written in two parts, `Q Back: A Front: more`), so a problem in it is shown
 * at its word.
 */
function inlineFields(
  text: string,
  textStart: number,
  noteType: NoteTypeInfo,
  { line, lineIndex, report }: InlineContext,
): {
  joined: Record<string, string>
  places: NonNullable<NoteBlock['fieldPlaces']>
  /** A word `Back:` was said to be text (`stock-field-prefix`). */
  stockAnswerPrefix: boolean
} {
  const fields: Record<string, string[]> = {}
  const starts: Record<string, number> = {}
  for (const name of noteType.fields) fields[name] = []
  let current = noteType.fields[0]!
  let at = textStart
  // A localized Anki's stock type (`Basique`): a word `Back:` is text here (undefined for any other type).
  const stockNames = stockFieldNames(noteType)
  let stockAnswerPrefix = false
  for (const word of text.split(' ')) {
    const switched = word.endsWith(':')
      ? (noteType.fields.find((name) => `${name}:` === word) ??
        aliasedField(noteType.fieldAliases, word.slice(0, -1)))
      : undefined
    if (switched) current = switched
    else {
      if (stockNames !== undefined && word.endsWith(':')) {
        const column = at + 1
        const place = () => ({
          start: { line: lineIndex + 1, column },
          end: { line: lineIndex + 1, column: column + word.length },
        })
        const stock = reportStockFieldWord(
          word,
          stockNames,
          { report, place },
          noteType.name,
          current,
        )
        if (stock === 'Back') stockAnswerPrefix = true
      }
      if (word !== '' && starts[current] === undefined) starts[current] = at
      fields[current]!.push(word)
    }
    at += word.length + 1
  }
  const joined: Record<string, string> = {}
  const places: NonNullable<NoteBlock['fieldPlaces']> = {}
  for (const name of noteType.fields) {
    const value = fields[name]!.join(' ').trim()
    joined[name] = value
    const start = starts[name]
    if (start === undefined) continue
    const verbatim = line.text.slice(start, start + value.length) === value
    places[name] = { line: lineIndex + 1, column: start + 1, verbatim }
  }
  return { joined, places, stockAnswerPrefix }
}

const wordCharacter = /[\p{L}\p{N}_]/u

/**
 * The next `marker` that stands as a word of its own (the plugin's regex also
 * finds `STARTI` in `RESTARTING` and `ENDI` in `SENDING`, which loses text).
 */
function findMarker(text: string, marker: string, from: number): number {
  for (
    let index = text.indexOf(marker, from);
    index !== -1;
    index = text.indexOf(marker, index + 1)
  ) {
    const before = text[index - 1]
    const after = text[index + marker.length]
    if (
      (before === undefined || !wordCharacter.test(before)) &&
      (after === undefined || !wordCharacter.test(after))
    ) {
      return index
    }
  }
  return -1
}

/** The field an alias names (`Extra` → `Back Extra`), if `written` is one. */
function aliasedField(
  aliases: Readonly<Record<string, string>> | undefined,
  written: string,
): string | undefined {
  return aliases !== undefined && Object.hasOwn(aliases, written) ? aliases[written] : undefined
}

/**
 * The ID of an inline note's text (cut there, as the plugin does), its
 * span, and the `Tags:` after it (the plugin reads them only before it);
 * undefined for a malformed ID, reported: taken as field text, it would
 * hide the note's ID and a second ID would be written.
 */
function readInlineId(
  text: string,
  textStart: number,
  { lineIndex, line, report }: InlineContext,
):
  | { text: string; id: number | null; idSpan?: Span; tagsAfterId?: string | undefined }
  | undefined {
  const idMatch = idPattern.exec(text)
  if (idMatch) {
    const idStart = textStart + idMatch.index
    const idEnd = idStart + idMatch[0].length
    return {
      text: text.slice(0, idMatch.index),
      id: Number(idMatch[1]),
      idSpan: {
        start: { line: lineIndex + 1, column: idStart + 1, offset: line.start + idStart },
        end: { line: lineIndex + 1, column: idEnd + 1, offset: line.start + idEnd },
      },
      tagsAfterId: inlineTags.exec(text.slice(idMatch.index + idMatch[0].length))?.[1],
    }
  }
  const malformed = malformedInlineId.exec(text)
  if (malformed) {
    const at = textStart + malformed.index
    const place = {
      start: { line: lineIndex + 1, column: at + 1 },
      end: { line: lineIndex + 1, column: at + malformed[0].length + 1 },
    }
    reportMalformedId(report, malformed[0], place, 'ID')
    return undefined
  }
  return { text, id: null }
}

/** The words of a `Tags:` list, split on single spaces as the plugin splits them. */
function splitWords(text: string): string[] {
  return text.split(' ').filter((tag) => tag !== '')
}

/**
 * The first `marker` from `from` on that is not inside a code span: there
 * it is text (the syntax shown, not a note). -1 when there is none.
 */
function findOutsideCode(
  text: string,
  marker: string,
  from: number,
  code: ReadonlyArray<[number, number]>,
): number {
  for (;;) {
    const at = findMarker(text, marker, from)
    const span = at === -1 ? undefined : spanAt(code, at)
    if (span === undefined) return at
    from = span[1]
  }
}
