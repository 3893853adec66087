import type { PlaceRange } from '../diagnostics/diagnostic.js'
import type { Reporter } from '../diagnostics/reporter.js'
import type { FieldPlace, LabLink, MalformedLabLink, NoteBlock } from '../model/note.js'
import {
  type NoteTypeInfo,
  type NoteTypeLookup,
  offeredNoteTypeNames,
} from '../model/note-types.js'
import { nearestName } from '../text/nearest-name.js'
import { programName } from '../text/program-name.js'
import { reportedAmbiguousName } from './ambiguous-note-type.js'
import { CommentedLines } from './commented-lines.js'
import { isLabLine, parseLabLinks, parseNoLab } from './lab-links.js'
import { meantLabLink } from './meant-lab-link.js'
import {
  fieldPrefix,
  idOfLine,
  isMalformedIdLine,
  prefixInOtherCase,
  reportMalformedId,
  tagsOfLine,
} from './note-lines.js'
import { reportStockFieldPrefix, stockFieldNames } from './stock-field-prefix.js'
import {
  isBlank,
  linePlace,
  lineStartPoint,
  linesPlace,
  type SourceLine,
  trimmedLineSpan,
} from './text-lines.js'

export interface BlockContext {
  lines: readonly SourceLine[]
  deleteNoteLine: string
  /** The note types a block may name. */
  noteTypes: NoteTypeLookup
  /** Index of the `START` line and of the `END` line. */
  startIndex: number
  endIndex: number
  /** The file's reporter. */
  report: Reporter
  /** Record where each field starts (`NoteBlock.fieldPlaces`): asked for only when a problem needs it. */
  fieldPlaces?: boolean | undefined
}

/**
 * Split the body of a `START`/`END` block into a note: the type line, the
 * implicit first field, `Field:` prefixes, `Lab:` lines and the trailing
 * `Tags:`/ID lines (in either order). Returns undefined when the block makes
 * no note; the reason is then a diagnostic.
 */
export function parseBlockBody(
  /** One entry per body line (the lines after `START`): whether it sits in (or delimits) a code fence. */
  fenced: readonly boolean[],
  context: BlockContext,
): NoteBlock | undefined {
  const { lines } = context
  /** Body position `p` is line `base + p` (positions count from the line after `START`). */
  const body: Body = { lines, fenced, base: context.startIndex + 1 }
  const typeLine = readNoteType(body, context)
  if (!typeLine) return undefined
  const { first, noteType } = typeLine
  const tail = readTail(body, first, context)
  if (!tail) return undefined
  const fields = readFields(body, first, tail, noteType, context)
  if (!checkFieldText(body, first, fields.text, noteType, context)) return undefined

  const endLine = lines[context.endIndex]!
  return {
    kind: 'block',
    noteType: noteType.name,
    fields: fields.text,
    tags: tail.tags ?? [],
    id: fields.id,
    idSpan: fields.idLine === undefined ? undefined : trimmedLineSpan(lines, fields.idLine),
    labs: fields.labs,
    span: {
      start: lineStartPoint(lines, context.startIndex),
      end: {
        line: context.endIndex + 1,
        column: endLine.end - endLine.start + 1,
        offset: endLine.end,
      },
    },
    idInsertOffset: endLine.start,
    // The optional keys last: V8 defines each key written after a spread
    // through a call into its runtime, about 5% of a cold load's work.
    ...(fields.places === undefined ? {} : { fieldPlaces: fields.places }),
    ...(fields.noLabReason === undefined
      ? {}
      : { noLabReason: fields.noLabReason, noLabLine: fields.noLabLine }),
    ...(fields.malformedLabLinks.length === 0
      ? {}
      : { malformedLabLinks: fields.malformedLabLinks }),
    ...(fields.stockAnswerPrefix ? { stockAnswerPrefix: true } : {}),
  }
}

/** A block's body lines: body position `p` is `lines[base + p]`. */
interface Body {
  lines: readonly SourceLine[]
  fenced: readonly boolean[]
  base: number
}

/** The first non-blank body line names a known note type (else a diagnostic). */
function readNoteType(
  body: Body,
  context: BlockContext,
): { first: number; noteType: NoteTypeInfo } | undefined {
  const { lines, fenced, base } = body
  const { report } = context
  let first = 0
  while (first < fenced.length && isBlank(lines[base + first]!.text)) first++
  if (first === fenced.length) {
    report.warning(
      'empty-note',
      'Unexpected empty block, expected a note type line and fields before `END`',
      { place: linesPlace(lines, context.startIndex, context.endIndex) },
    )
    return undefined
  }
  const noteTypeName = lines[base + first]!.text.trim()
  const noteType = context.noteTypes.get(noteTypeName)
  if (noteType) return { first, noteType }
  const place = indentedLinePlace(lines, base + first)
  if (reportedAmbiguousName(noteTypeName, place, report)) return undefined
  const knownTypeNames = offeredNoteTypeNames(context.noteTypes)
  const suggestion = nearestName(noteTypeName, knownTypeNames)
  report.error(
    'unknown-note-type',
    suggestion
      ? `Unexpected note type \`${noteTypeName}\`, expected a known note type such as \`${suggestion}\``
      : `Unexpected note type \`${noteTypeName}\`, expected one of ${knownTypeNames.map((name) => `\`${name}\``).join(', ')}`,
    {
      place,
      hint: suggestion
        ? `did you mean \`${suggestion}\`?`
        : "the line after the block's opening line (`START` by default) names the note type",
    },
  )
  return undefined
}

/** The trailing `Tags:` and ID lines, and the last body position before them. */
interface Tail {
  last: number
  id: number | null
  /** The ID line's index in `lines`. */
  idLine: number | undefined
  tags: string[] | undefined
}

/**
 * The tail: trailing blank lines, then `Tags:` and the ID line in either
 * order. Undefined (with a warning) when `DELETE` precedes the ID.
 */
function readTail(body: Body, first: number, context: BlockContext): Tail | undefined {
  const { lines, fenced, base } = body
  let last = skipBlankBack(lines, base, fenced, first, fenced.length - 1)
  let id: number | null = null
  let idLine: number | undefined
  let tags: string[] | undefined
  for (let round = 0; round < 2 && last > first; round++) {
    if (fenced[last]) break
    const content = lines[base + last]!.text
    const lineId: number | undefined = id === null ? idOfLine(content) : undefined
    const lineTags = lineId === undefined && tags === undefined ? tagsOfLine(content) : undefined
    if (lineId !== undefined) {
      id = lineId
      idLine = base + last
    } else if (lineTags !== undefined) tags = lineTags
    else {
      if (id === null && isMalformedIdLine(content)) {
        reportMalformedId(context.report, content, indentedLinePlace(lines, base + last))
        return undefined
      }
      break
    }
    last = skipBlankBack(lines, base, fenced, first, last - 1)
  }

  // `DELETE` right before the ID: the plugin deletes the note from Anki.
  if (
    id !== null &&
    last > first &&
    !fenced[last] &&
    lines[base + last]!.text.trim() === context.deleteNoteLine
  ) {
    context.report.warning(
      'delete-ignored',
      `Unexpected \`${context.deleteNoteLine}\` before the ID line, expected no deletion marker: a package build cannot delete notes from a collection, so the note is only left out`,
      {
        place: linePlace(lines, base + last),
        hint: `remove the whole block instead, and delete the note in Anki (Browse, search \`nid:${id}\`, then Notes → Delete)`,
      },
    )
    return undefined
  }
  return { last, id, idLine, tags }
}

interface Fields {
  /** Field name → its trimmed text, in the note type's order. */
  text: Record<string, string>
  labs: LabLink[]
  noLabReason: string | undefined
  noLabLine?: number | undefined
  malformedLabLinks: MalformedLabLink[]
  /** The tail's ID, or a stray ID line's when the tail has none. */
  id: number | null
  idLine: number | undefined
  /** Where each field with text starts; undefined when none has text. */
  places?: Record<string, FieldPlace> | undefined
  /** A `Back:` line was said to be text (`stock-field-prefix`): `NoteSource.stockAnswerPrefix`. */
  stockAnswerPrefix?: true
}

/** Whether any of lines `from`..`to` (inclusive) holds `%%` or `<!--`. */
function hasCommentMarker(lines: readonly SourceLine[], from: number, to: number): boolean {
  for (let index = from; index <= to; index++) {
    const text = lines[index]!.text
    if (text.includes('%%') || text.includes('<!--')) return true
  }
  return false
}

/** The lines between the type line and the tail: field text, `Field:` prefixes, `Lab:` lines. */
function readFields(
  body: Body,
  first: number,
  tail: Tail,
  noteType: NoteTypeInfo,
  { report, fieldPlaces }: BlockContext,
): Fields {
  const { lines, fenced, base } = body
  const { fields: fieldNames, fieldAliases } = noteType
  /** The prefixes a line in another case is said for. */
  // `lab:` for `Lab:` too: the link would be lost, and the line shown in the answer.
  const prefixNames = [...fieldNames, 'Tags', 'Lab']
  // A localized Anki's stock type (`Basique`): its English field names (`Back:`) are text here.
  const stockNames = stockFieldNames(noteType)
  /** Each field's text so far, its lines joined with `\n` (undefined before its first line). */
  const texts: Array<string | undefined> = new Array(fieldNames.length)
  const fields: Fields = {
    text: {},
    labs: [],
    noLabReason: undefined,
    malformedLabLinks: [],
    id: tail.id,
    idLine: tail.idLine,
  }
  // Most builds never ask where a field starts: 20,000 fields' places cost a cold load about 15%.
  const starts = fieldPlaces ? new FieldStarts(fieldNames.length) : undefined
  // Only a block with a `%%` or `<!--` can hide a line in a comment: most blocks skip the bookkeeping.
  const comments = hasCommentMarker(lines, base + first + 1, base + tail.last)
    ? new CommentedLines(
        fieldNames.length,
        (position) => lines[base + position]!.text,
        tail.last,
        (position) => {
          const content = lines[base + position]!.text
          return (
            fenced[position] !== true &&
            (isLabLine(content) ||
              idOfLine(content) !== undefined ||
              fieldPrefix(content, fieldNames, fieldAliases) !== undefined)
          )
        },
      )
    : undefined
  let current = 0
  for (let position = first + 1; position <= tail.last; position++) {
    const index = base + position
    const content = lines[index]!.text
    // An ID line is read even inside a comment: a note whose ID was dropped would get a new one.
    if (!fenced[position]) {
      const strayId = idOfLine(content)
      if (strayId !== undefined) {
        report.error(
          'id-not-last',
          'Unexpected content after the ID line, expected the `<!--ID: N-->` line last (only `Tags:` may follow it)',
          { place: indentedLinePlace(lines, index), hint: 'move the ID line to just before `END`' },
        )
        if (fields.id === null) {
          fields.id = strayId
          fields.idLine = index
        }
        continue
      }
    }
    if (!fenced[position] && !comments?.hidden(position, current)) {
      if (isLabLine(content) && readLabLine(lines, index, fields, report)) continue
      const prefix = fieldPrefix(content, fieldNames, fieldAliases)
      if (prefix) {
        current = fieldNames.indexOf(prefix.field)
        starts?.took(current, index, content.length - prefix.rest.length + 1)
        texts[current] = appendLine(texts[current], prefix.rest)
        comments?.took(current, prefix.rest, position)
        continue
      }
      if (content.startsWith(oldExtra) && fieldNames.includes(backExtra)) {
        reportOldExtra(report, lines, index, fieldNames[current]!)
      } else {
        const other = prefixInOtherCase(content, prefixNames)
        if (other) reportPrefixCase(report, lines, index, other, fieldNames[current]!)
        else if (tagsOfLine(content) !== undefined) {
          reportTagsNotLast(report, lines, index, fieldNames[current]!)
        } else if (stockNames !== undefined) {
          const place = () => indentedLinePlace(lines, index)
          const stock = reportStockFieldPrefix(
            content,
            stockNames,
            { report, place },
            noteType.name,
            fieldNames[current]!,
          )
          if (stock === 'Back') fields.stockAnswerPrefix = true
        }
      }
    }
    starts?.took(current, index, 1)
    texts[current] = appendLine(texts[current], content)
    comments?.took(current, content, position)
  }
  for (let field = 0; field < fieldNames.length; field++) {
    const text = texts[field] ?? ''
    const trimmed = text.trim()
    fields.text[fieldNames[field]!] = trimmed
    if (starts && trimmed !== '') {
      fields.places ??= {}
      fields.places[fieldNames[field]!] = starts.placeOf(field, text)
    }
  }
  return fields
}

/** Cloze's second field, as Anki names it now, and as older versions (2.1.15 among them) named it. */
const backExtra = 'Back Extra'
const oldExtra = 'Extra:'

/**
 * `Extra:` in a Cloze: the plugin, reading field names from an older
 * collection, took it as that field; here it is text of the field before
 * it, shown on the card's question. Said, not silently kept.
 */
function reportOldExtra(
  report: BlockContext['report'],
  lines: Body['lines'],
  index: number,
  field: string,
): void {
  report.warning(
    'old-field-name',
    `Unexpected \`${oldExtra}\` in \`${field}\`, expected \`${backExtra}:\`: \`Extra\` is the name older Anki gave Cloze's second field, so this line is text of \`${field}\``,
    {
      place: indentedLinePlace(lines, index),
      hint: `write \`${backExtra}:\` (decklab's name for it; \`${programName()} sync\` fills a collection's \`Extra\` field with it)`,
    },
  )
}

/**
 * `back:` for `Back:` (or `tags:` for `Tags:`, `lab:` for decklab's `Lab:`):
 * the prefixes are case-sensitive, so the line is text of the field before
 * it, and the answer would show on the question (a lab link in the answer).
 * Said, not silently kept.
 */
function reportPrefixCase(
  report: BlockContext['report'],
  lines: Body['lines'],
  index: number,
  { written, meant }: { written: string; meant: string },
  field: string,
): void {
  report.warning(
    'field-prefix-case',
    `Unexpected \`${written}:\`, expected \`${meant}:\`: prefixes are case-sensitive (in Obsidian_to_Anki too), so this line is text of \`${field}\``,
    {
      place: indentedLinePlace(lines, index),
      hint: `write \`${meant}:\` to start ${prefixRole[meant] ?? 'that field'}, or \`${written}\\:\` to keep the line as text`,
    },
  )
}

/**
 * A `Tags:` line above the block's last lines (a `Lab:` line under it, say):
 * only the tail's `Tags:` line sets tags (in the plugin too), so its tags
 * were lost and the line shown in the answer. Said, not silently kept.
 */
function reportTagsNotLast(
  report: BlockContext['report'],
  lines: Body['lines'],
  index: number,
  field: string,
): void {
  report.warning(
    'tags-not-last',
    `Unexpected \`Tags:\` line above the block's last lines, expected it after the fields and \`Lab:\` lines: only a \`Tags:\` line at the end of the block sets tags (in Obsidian_to_Anki too), so this line is text of \`${field}\` and its tags are not set`,
    {
      place: indentedLinePlace(lines, index),
      hint: 'move the `Tags:` line down, just before `END` (or before the ID line), or write `Tags\\:` to keep the line as text',
    },
  )
}

/** What a prefix that is not a field's starts. */
const prefixRole: Readonly<Record<string, string>> = {
  Tags: 'the tags line',
  Lab: 'a lab link line',
}

/**
 * Where each field's lines came from, as `readFields` takes them: its first
 * line and the column its text starts at there, and whether its lines
 * follow one another in the file.
 */
class FieldStarts {
  private readonly first: number[]
  private readonly column: number[]
  private readonly last: number[]
  private readonly gapless: boolean[]

  constructor(count: number) {
    this.first = new Array(count).fill(-1)
    this.column = new Array(count).fill(1)
    this.last = new Array(count).fill(-1)
    this.gapless = new Array(count).fill(true)
  }

  /** Field `field` took line `index`, its text starting at `column` (1-based). */
  took(field: number, index: number, column: number): void {
    if (this.first[field] === -1) {
      this.first[field] = index
      this.column[field] = column
    } else if (index !== this.last[field]! + 1 || column !== 1) {
      // A `Lab:` or ID line in between, or the field's prefix written again.
      this.gapless[field] = false
    }
    this.last[field] = index
  }

  /** The place of the first character `text` (the field's untrimmed text) keeps when trimmed. */
  placeOf(field: number, text: string): FieldPlace {
    let line = this.first[field]! + 1
    let column = this.column[field]!
    const leading = text.length - text.trimStart().length
    for (let at = 0; at < leading; at++) {
      if (text.charCodeAt(at) === 10) {
        line += 1
        column = 1
      } else column += 1
    }
    return { line, column, verbatim: this.gapless[field]! }
  }
}

/**
 * A `Lab:` line: its links, or `Lab: none: <reason>`, into `fields`. False
 * when the line is not wholly that: Obsidian_to_Anki keeps such a line as
 * text in the field, so the caller does too (warned, never an error, so an
 * existing vault's `Lab: room 3` still builds).
 */
function readLabLine(
  lines: readonly SourceLine[],
  index: number,
  fields: Fields,
  report: Reporter,
): boolean {
  const content = lines[index]!.text
  const lineNumber = index + 1
  const keptAsText = 'the line stays in the card as text, as Obsidian_to_Anki keeps it'
  const textHint = 'write `Lab\\:` to keep it as text without this warning'
  const reason = parseNoLab(content.slice(4))
  // `none` says no lab can test the card; links say one does: verify goes by the links, and the reason is never shown.
  const both = () =>
    report.warning(
      'malformed-lab-link',
      `Unexpected \`Lab: none\` in a card that links a lab, expected its lab links or \`Lab: none: <why>\`, not both: \`verify\` judges the card by its links and never shows the reason`,
      {
        place: linePlace(lines, index, 5),
        hint: 'remove the `Lab: none` line if a lab tests the card, else its links',
      },
    )
  if (reason !== undefined) {
    if (reason !== '') {
      if (fields.labs.length > 0) both()
      fields.noLabReason = reason
      fields.noLabLine = lineNumber
      return true
    }
    fields.malformedLabLinks.push({ text: 'none', line: lineNumber })
    report.warning(
      'malformed-lab-link',
      `Unexpected \`Lab: none\` without a reason, expected \`Lab: none: <why no lab can test this here>\`; ${keptAsText}`,
      {
        place: linePlace(lines, index, 5),
        hint: `the reason is what \`verify\` shows a learner for this card; or ${textHint}`,
      },
    )
    return false
  }
  const { links, problems } = parseLabLinks(content.slice(4), lineNumber, 5)
  if (problems.length === 0) {
    if (fields.noLabReason !== undefined && links.length > 0) both()
    fields.labs.push(...links)
    return true
  }
  for (const problem of problems) {
    fields.malformedLabLinks.push({ text: problem.text, line: lineNumber })
    // A link typed with capitals (`Stale-Socket#x`), in backticks or apart by spaces is most likely meant as one.
    const meant = meantLabLink(problem.text)
    report.warning(
      'malformed-lab-link',
      `Unexpected lab link \`${problem.text}\`, expected \`lab-id\` or \`lab-id#check\`; ${keptAsText}`,
      {
        place: {
          start: { line: lineNumber, column: problem.column },
          end: { line: lineNumber, column: problem.column + problem.text.length },
        },
        hint: `${meant === undefined ? '' : `did you mean \`${meant}\`? `}lab ids are lowercase words joined by \`-\` (\`${programName()} lab list\`); or ${textHint}`,
      },
    )
  }
  return false
}

/** A note needs some field text, and text in its first field (Anki refuses an empty one). */
function checkFieldText(
  body: Body,
  first: number,
  text: Readonly<Record<string, string>>,
  noteType: NoteTypeInfo,
  context: BlockContext,
): boolean {
  if (noteType.fields.every((name) => text[name] === '')) {
    context.report.warning(
      'empty-note',
      `Unexpected note with no field text, expected text for \`${noteType.fields[0]}\``,
      { place: linesPlace(body.lines, context.startIndex, context.endIndex) },
    )
    return false
  }
  if (text[noteType.fields[0]!] !== '') return true
  const noteTypeName = body.lines[body.base + first]!.text.trim()
  context.report.error(
    'missing-first-field',
    `Unexpected empty \`${noteType.fields[0]}\`, expected text for the first field (Anki refuses notes whose first field is empty)`,
    {
      place: linePlace(body.lines, body.base + first),
      hint: `the line after \`${noteTypeName}\` starts \`${noteType.fields[0]}\` without a prefix`,
    },
  )
  return false
}

/** The last body position at or before `last` (and after `first`) that is not a blank line outside a fence. */
function skipBlankBack(
  lines: readonly SourceLine[],
  base: number,
  fenced: readonly boolean[],
  first: number,
  last: number,
): number {
  let position = last
  while (position > first && !fenced[position] && isBlank(lines[base + position]!.text)) position--
  return position
}

/** A line from its first non-blank character to its end. */
function indentedLinePlace(lines: readonly SourceLine[], index: number): PlaceRange {
  const content = lines[index]!.text
  return linePlace(lines, index, content.length - content.trimStart().length + 1)
}

/** A field's text with one more line (what `join('\n')` of its lines gives). */
function appendLine(text: string | undefined, line: string): string {
  return text === undefined ? line : `${text}\n${line}`
}
