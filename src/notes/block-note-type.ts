import type { NoteTypeInfo } from '../model/note-types.js'
import type { FileScan, OpenBlock } from './file-scan.js'
import { isBlank } from './text-lines.js'

/**
 * The note type an open block names on its first non-blank line, with that
 * line's index, once the scan has passed it; undefined before, or when it
 * names no known type (then no line of the block starts a field).
 */
export function blockNoteType(
  scan: FileScan,
  block: OpenBlock,
): { typeLine: number; noteType: NoteTypeInfo } | undefined {
  const { lines } = scan
  const read = block.start + 1 + block.fenced.length
  let typeLine = block.start + 1
  while (typeLine < read && isBlank(lines[typeLine]!.text)) typeLine++
  if (typeLine === read) return undefined
  const noteType = scan.noteTypes.get(lines[typeLine]!.text.trim())
  return noteType === undefined ? undefined : { typeLine, noteType }
}
