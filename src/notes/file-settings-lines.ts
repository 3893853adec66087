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
  // Every settings line starts with its marker; most lines start with none.
  if (
    !line.startsWith(syntax.targetDeckLine) &&
    !line.startsWith(syntax.fileTagsLine) &&
    !line.startsWith(syntax.frozenFieldsLine) &&
    !line.startsWith(syntax.deleteNoteLine)
  ) {
    return undefined
  }
  const deck = readFirstOnly(
    scan,
    index,
    syntax.targetDeckLine,
    'duplicate-target-deck',
    (value, valueLine) => {
      if (scan.targetDeck !== undefined) return false
      scan.targetDeck = value.trim()
      // The name's own line: the next one in the two-line form.
      scan.targetDeckPlace = linePlace(lines, valueLine)
      return true
    },
  )
  if (deck !== undefined) return deck
  const tags = readFirstOnly(scan, index, syntax.fileTagsLine, 'duplicate-file-tags', (value) => {
    if (scan.fileTags !== undefined) return false
    scan.fileTags = splitTags(value)
    return true
  })
  if (tags !== undefined) return tags
  const trimmed = line.trimEnd()
  if (line.startsWith(`${syntax.frozenFieldsLine} - `) && trimmed.endsWith(':')) {
    const result = parseFrozenFields(lines, index, syntax.frozenFieldsLine, scan.noteTypes)
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
  const deleted =
    trimmed === syntax.deleteNoteLine ? idOfLine(lines[index + 1]?.text ?? '') : undefined
  if (deleted !== undefined) {
    report.warning(
      'delete-ignored',
      `Unexpected \`${syntax.deleteNoteLine}\`, expected no deletion marker: a package build cannot delete notes from a collection`,
      {
        place: linesPlace(lines, index, index + 1),
        hint: `delete the note in Anki (Browse, search \`nid:${deleted}\`, then Notes → Delete), then remove these lines`,
      },
    )
    return index + 1
  }
  return undefined
}

/**
 * A setting of which the first one in a file applies (`TARGET DECK`,
 * `FILE TAGS`): `take` keeps its value (written on line `valueLine`), or
 * returns false when one was kept before, and the second one is warned about. Returns the setting's last
 * line, or undefined when line `index` is no such setting.
 */
function readFirstOnly(
  scan: FileScan,
  index: number,
  marker: string,
  code: string,
  take: (value: string, valueLine: number) => boolean,
): number | undefined {
  const { lines } = scan
  if (!lines[index]!.text.startsWith(marker)) return undefined
  const setting = sameLineOrNext(lines, index, marker)
  if (setting === undefined) {
    if (lines[index]!.text.startsWith(`${marker}:`)) reportNoSpace(scan, index, marker)
    return undefined
  }
  const last = setting.nextLine ? index + 1 : index
  ignoreLines(scan, index, last)
  if (!take(setting.value, last)) {
    scan.report.warning(
      code,
      `Unexpected second \`${marker}\`, expected one per file (the first one applies)`,
      { place: linesPlace(lines, index, last) },
    )
  }
  return last
}

/**
 * `TARGET DECK:Name` (no space after the colon): neither form the plugin
 * reads, so the line sets nothing. Said, not silently passed over.
 */
function reportNoSpace(scan: FileScan, index: number, marker: string): void {
  const written = scan.lines[index]!.text.trimEnd()
  scan.report.warning(
    'setting-line-syntax',
    `Unexpected \`${written}\`, expected \`${marker}: \` with a space after the colon, or \`${marker}\` alone with the value on the next line: this line sets nothing (in Obsidian_to_Anki neither)`,
    {
      place: linePlace(scan.lines, index),
      hint: `write \`${marker}: ${written.slice(marker.length + 1).trim()}\``,
    },
  )
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
