import type { Reporter } from '../diagnostics/reporter.js'
import type { LabLink, NoteBlock } from '../model/note.js'
import { findNoteType, noteTypes } from '../model/note-types.js'
import { nearestName } from '../text/nearest-name.js'
import { isLabLine, parseLabLinks, parseNoLab } from './lab-links.js'
import { fieldPrefix, idOfLine, tagsOfLine } from './note-lines.js'
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
  /** Index of the `START` line and of the `END` line. */
  startIndex: number
  endIndex: number
  /** The file's reporter. */
  report: Reporter
}

const knownTypeNames = noteTypes.map((type) => type.name)

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
  const { lines, report } = context
  /** Body positions count from the line after `START`. */
  const lineIndex = (position: number) => context.startIndex + 1 + position
  const text = (position: number) => lines[lineIndex(position)]!.text
  const blockPlace = () => linesPlace(lines, context.startIndex, context.endIndex)
  /** A line from its first non-blank character to its end. */
  const indentedLinePlace = (index: number) => {
    const content = lines[index]!.text
    return linePlace(lines, index, content.length - content.trimStart().length + 1)
  }

  let first = 0
  while (first < fenced.length && isBlank(text(first))) first++
  if (first === fenced.length) {
    report.warning(
      'empty-note',
      'Unexpected empty block, expected a note type line and fields before `END`',
      { place: blockPlace() },
    )
    return undefined
  }
  const noteTypeName = text(first).trim()
  const noteType = findNoteType(noteTypeName)
  if (!noteType) {
    const suggestion = nearestName(noteTypeName, knownTypeNames)
    report.error(
      'unknown-note-type',
      suggestion
        ? `Unexpected note type \`${noteTypeName}\`, expected a known note type such as \`${suggestion}\``
        : `Unexpected note type \`${noteTypeName}\`, expected one of ${knownTypeNames.map((name) => `\`${name}\``).join(', ')}`,
      {
        place: indentedLinePlace(lineIndex(first)),
        hint: suggestion
          ? `did you mean \`${suggestion}\`?`
          : 'the line after `START` names the note type',
      },
    )
    return undefined
  }

  // The tail: trailing blank lines, then `Tags:` and the ID line in either order.
  let last = fenced.length - 1
  const skipBlank = () => {
    while (last > first && !fenced[last] && isBlank(text(last))) last--
  }
  skipBlank()
  let id: number | null = null
  /** The ID line's index in `lines`. */
  let idLine: number | undefined
  let tags: string[] | undefined
  for (let round = 0; round < 2 && last > first; round++) {
    if (fenced[last]) break
    const lineId: number | undefined = id === null ? idOfLine(text(last)) : undefined
    const lineTags: string[] | undefined = tags === undefined ? tagsOfLine(text(last)) : undefined
    if (lineId !== undefined) {
      id = lineId
      idLine = lineIndex(last)
    } else if (lineTags !== undefined) tags = lineTags
    else break
    last--
    skipBlank()
  }

  // `DELETE` right before the ID: the plugin deletes the note from Anki.
  if (
    id !== null &&
    last > first &&
    !fenced[last] &&
    text(last).trim() === context.deleteNoteLine
  ) {
    report.warning(
      'delete-ignored',
      `Unexpected \`${context.deleteNoteLine}\` before the ID line, expected no deletion marker: a package build cannot delete notes from a collection, so the note is only left out`,
      {
        place: linePlace(lines, lineIndex(last)),
        hint: 'remove the whole block (and the note in Anki) instead',
      },
    )
    return undefined
  }

  const fields: Record<string, string[]> = {}
  for (const name of noteType.fields) fields[name] = []
  const labs: LabLink[] = []
  let noLabReason: string | undefined
  let current = noteType.fields[0]!
  for (let position = first + 1; position <= last; position++) {
    const index = lineIndex(position)
    const content = lines[index]!.text
    if (!fenced[position]) {
      const strayId = idOfLine(content)
      if (strayId !== undefined) {
        report.error(
          'id-not-last',
          'Unexpected content after the ID line, expected the `<!--ID: N-->` line last (only `Tags:` may follow it)',
          { place: indentedLinePlace(index), hint: 'move the ID line to just before `END`' },
        )
        if (id === null) {
          id = strayId
          idLine = index
        }
        continue
      }
      if (isLabLine(content)) {
        const reason = parseNoLab(content.slice(4))
        if (reason !== undefined) {
          if (reason === '') {
            report.error(
              'malformed-lab-link',
              'Unexpected `Lab: none` without a reason, expected `Lab: none: <why no lab can test this here>`',
              {
                place: linePlace(lines, index, 5),
                hint: 'the reason is what `verify` shows a learner for this card',
              },
            )
          } else noLabReason = reason
          continue
        }
        const { links, problems } = parseLabLinks(content.slice(4), index + 1, 5)
        labs.push(...links)
        for (const problem of problems) {
          const lineNumber = index + 1
          report.error(
            'malformed-lab-link',
            `Unexpected lab link \`${problem.text}\`, expected \`lab-id\` or \`lab-id#check\``,
            {
              place: {
                start: { line: lineNumber, column: problem.column },
                end: { line: lineNumber, column: problem.column + problem.text.length },
              },
            },
          )
        }
        continue
      }
      const prefix = fieldPrefix(content, noteType.fields)
      if (prefix) {
        current = prefix.field
        fields[current]!.push(prefix.rest)
        continue
      }
    }
    fields[current]!.push(content)
  }
  const joined: Record<string, string> = {}
  for (const name of noteType.fields) joined[name] = fields[name]!.join('\n').trim()

  const endLine = lines[context.endIndex]!
  if (noteType.fields.every((name) => joined[name] === '')) {
    report.warning(
      'empty-note',
      `Unexpected note with no field text, expected text for \`${noteType.fields[0]}\``,
      { place: blockPlace() },
    )
    return undefined
  }
  if (joined[noteType.fields[0]!] === '') {
    report.error(
      'missing-first-field',
      `Unexpected empty \`${noteType.fields[0]}\`, expected text for the first field (Anki refuses notes whose first field is empty)`,
      {
        place: linePlace(lines, lineIndex(first)),
        hint: `the line after \`${noteTypeName}\` starts \`${noteType.fields[0]}\` without a prefix`,
      },
    )
    return undefined
  }
  return {
    kind: 'block',
    noteType: noteType.name,
    fields: joined,
    tags: tags ?? [],
    id,
    idSpan: idLine === undefined ? undefined : trimmedLineSpan(lines, idLine),
    labs,
    ...(noLabReason === undefined ? {} : { noLabReason }),
    span: {
      start: lineStartPoint(lines, context.startIndex),
      end: {
        line: context.endIndex + 1,
        column: endLine.end - endLine.start + 1,
        offset: endLine.end,
      },
    },
    idInsertOffset: endLine.start,
  }
}
