/**
 * An ID line just below a block's `END` (a line moved down in an editor, a
 * merge that put it there): an ID is read only inside its block, by the
 * plugin too, so the note above has none, and a build or sync would give it
 * a new one: a second copy of the note in Anki beside the first, which keeps
 * the reviews, and the quiz would start its cards anew. An error, so nothing
 * is written until the line is back inside the block.
 */
import type { FileScan } from './file-scan.js'
import { idOfLine } from './note-lines.js'
import { linePlace } from './text-lines.js'

/** Report an ID line that is the first non-blank line after the `END` at `endIndex` of a block with no ID. */
export function checkIdAfterEnd(scan: FileScan, endIndex: number): void {
  const { lines, syntax } = scan
  let index = endIndex + 1
  while (index < lines.length && lines[index]!.text.trim() === '') index++
  const line = lines[index]
  const id = line === undefined ? undefined : idOfLine(line.text)
  if (id === undefined) return
  const end = syntax.endNote
  scan.report.error(
    'id-after-end',
    `Unexpected ID line after \`${end}\`, expected it before \`${end}\`: an ID is read only inside its block (in Obsidian_to_Anki too), so the note above has none, and a build or sync would give it a new one, a second copy in Anki beside note ${id} and its reviews`,
    {
      place: linePlace(lines, index),
      hint: `move the line up, just before \`${end}\`, to keep note ${id}`,
    },
  )
}
