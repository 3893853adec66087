import { type FileScan, ignoreLines } from './file-scan.js'
import { parseFrozenFields } from './frozen-fields.js'
import { idOfLine } from './note-lines.js'
import { splitTags } from './tags.js'
import { linePlace, linesPlace, type SourceLine } from './text-lines.js'

/**
 * The file-level lines outside blocks: `TARGET DECK`, `FILE TAGS`,
 * `FROZEN - Type:` and a `DELETE` marker before an ID line. Returns the
 * index of the last line the setting takes, or undefined when line `index`
 * is none of them.
 */
export function readFileSettingsLine(scan: FileScan, index: number): number | undefined {
  const { syntax, lines, report } = scan
  const line = lines[index]!.text
  if (line.startsWith(syntax.targetDeckLine)) {
    const deck = sameLineOrNext(lines, index, syntax.targetDeckLine)
    if (deck !== undefined) {
      const last = deck.nextLine ? index + 1 : index
      ignoreLines(scan, index, last)
      if (scan.targetDeck === undefined) scan.targetDeck = deck.value.trim()
      else
        report.warning(
          'duplicate-target-deck',
          `Unexpected second \`${syntax.targetDeckLine}\`, expected one per file (the first one applies)`,
          { place: linesPlace(lines, index, last) },
        )
      return last
    }
  }
  if (line.startsWith(syntax.fileTagsLine)) {
    const tags = sameLineOrNext(lines, index, syntax.fileTagsLine)
    if (tags !== undefined) {
      const last = tags.nextLine ? index + 1 : index
      ignoreLines(scan, index, last)
      if (scan.fileTags === undefined) scan.fileTags = splitTags(tags.value)
      else
        report.warning(
          'duplicate-file-tags',
          `Unexpected second \`${syntax.fileTagsLine}\`, expected one per file (the first one applies)`,
          { place: linesPlace(lines, index, last) },
        )
      return last
    }
  }
  const trimmed = line.trimEnd()
  if (line.startsWith(`${syntax.frozenFieldsLine} - `) && trimmed.endsWith(':')) {
    const result = parseFrozenFields(lines, index, syntax.frozenFieldsLine)
    if (result.noteType) {
      // The last FROZEN block of a type wins (the plugin's behaviour).
      scan.frozen[result.noteType] = result.fields
    } else {
      report.error(
        'unknown-note-type',
        `Unexpected note type \`${result.typeName}\` in \`${syntax.frozenFieldsLine}\`, expected a known note type`,
        { place: linePlace(lines, index, syntax.frozenFieldsLine.length + 4) },
      )
    }
    ignoreLines(scan, index, result.last)
    return result.last
  }
  if (trimmed === syntax.deleteNoteLine && idOfLine(lines[index + 1]?.text ?? '') !== undefined) {
    report.warning(
      'delete-ignored',
      `Unexpected \`${syntax.deleteNoteLine}\`, expected no deletion marker: a package build cannot delete notes from a collection`,
      {
        place: linesPlace(lines, index, index + 1),
        hint: 'delete the note in Anki, then remove these lines',
      },
    )
    return index + 1
  }
  return undefined
}

/** `MARKER: value` on the line, or `MARKER` alone with the value on the next line. */
function sameLineOrNext(
  lines: readonly SourceLine[],
  index: number,
  marker: string,
): { value: string; nextLine: boolean } | undefined {
  const line = lines[index]!.text
  if (line.startsWith(`${marker}: `))
    return { value: line.slice(marker.length + 2), nextLine: false }
  if (line.trimEnd() === marker && index + 1 < lines.length) {
    return { value: lines[index + 1]!.text, nextLine: true }
  }
  return undefined
}
