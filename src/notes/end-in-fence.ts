import type { FileScan, OpenBlock } from './file-scan.js'
import { linePlace } from './text-lines.js'

/**
 * A line inside a code fence of an open block: an `END` there before any
 * `START` is this block's end taken into the fence (a stray fence line in a
 * field), and a `START` after it a card block the fence hides too. decklab
 * reads the fence as Obsidian shows it, so that block is no card, while
 * Obsidian_to_Anki, which knows no fences, syncs it: said once per fence. A
 * fence whose first marker is a `START` shows the syntax (an example card).
 */
export function checkFencedMarker(
  scan: FileScan,
  block: OpenBlock,
  index: number,
  line: string,
): void {
  const { syntax } = scan
  const end = line.startsWith(syntax.endNote) && line.trimEnd() === syntax.endNote
  const begin = !end && line.startsWith(syntax.beginNote) && line.trimEnd() === syntax.beginNote
  if (!end && !begin) return
  if (block.fencedEnd === undefined) {
    block.fencedEnd = end ? index : null
    return
  }
  if (block.fencedEnd === null || !begin) return
  const { lines, report } = scan
  report.warning(
    'block-end-in-fence',
    `Unexpected \`${syntax.endNote}\` inside the code fence opened on line ${block.fenceLine + 1}, expected the fence closed before the block's \`${syntax.endNote}\`: the fence takes this block's end and the \`${syntax.beginNote}\` on line ${index + 1} into a field, so that block is no card (Obsidian_to_Anki, which knows no fences, syncs it)`,
    {
      place: linePlace(lines, block.fencedEnd),
      hint: 'close the fence (its backticks or tildes again) before this line, or remove the stray fence line',
    },
  )
  block.fencedEnd = null
}
