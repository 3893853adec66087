/**
 * A closing fence left of the list item its fence is in, or outside its
 * quote. The block scanner takes it for that fence's closer, as it was meant
 * (`block-scan.ts`), so a block's `END` is not taken into code. The card's
 * renderer reads the field alone, by CommonMark: the line ends the item (or
 * the quote) and opens a new code block, which shows the field's lines after
 * it as code. The two readings differ there, and the user is told.
 */
import {
  type ContainedFence,
  indentOf,
  itemContentAbove,
  openingContainedFence,
  quoteMarkers,
} from '../text/container-fences.js'
import { blockNoteType } from './block-note-type.js'
import type { FileScan, OpenBlock } from './file-scan.js'
import { fieldPrefix } from './note-lines.js'
import { isBlank, linePlace } from './text-lines.js'

/**
 * Warns when the closing fence at line `index`, which closes `fence` (opened
 * at line `opener`) in the file's reading, is outside that fence's list item
 * or quote as the card's field reads it.
 */
export function checkCloserInItem(
  scan: FileScan,
  block: OpenBlock,
  index: number,
  fence: ContainedFence,
  opener: number,
): void {
  const line = scan.lines[index]!.text
  const { quotes, rest } = quoteMarkers(line, fence.quotes)
  const columns = indentOf(rest).columns
  if (quotes < fence.quotes) {
    report(
      scan,
      index,
      `outside the quote its fence opened in, expected it after ${'`>` '.repeat(fence.quotes).trimEnd()}`,
      'quote',
      "write the quote's `>` markers before the closing fence, as before the code above it",
    )
    return
  }
  // A closer at or right of its opener is in whatever item holds the opener: most closers stop here.
  if (columns >= fence.indent) return
  const content = fieldItemContent(scan, block, opener, fence)
  if (columns >= content) return
  report(
    scan,
    index,
    `left of its list item's text, expected it indented ${content} columns as that text is`,
    'item',
    `indent the closing fence (and any code line above it left of the item's text) ${content} spaces`,
  )
}

function report(
  scan: FileScan,
  index: number,
  where: string,
  container: string,
  hint: string,
): void {
  const line = scan.lines[index]!.text
  scan.report.warning(
    'closing-fence-outside',
    `Unexpected closing fence ${where}; the card's Markdown ends the ${container} before it, so this line opens a code block there instead of closing one`,
    { place: linePlace(scan.lines, index, line.length - line.trimStart().length + 1), hint },
  )
}

/**
 * The content indent of the list item holding the fence opened at line
 * `opener`, as the card's renderer finds it: in the lines of the fence's
 * field only, the first without its `Back:` prefix, and the field's first
 * text without its leading blanks (the field is trimmed). `Back: - run:`
 * then `` ```sh `` two columns in is a fence in that item on the card,
 * though the file shows a paragraph and a fence. 0 when no item holds it.
 */
function fieldItemContent(
  scan: FileScan,
  block: OpenBlock,
  opener: number,
  fence: ContainedFence,
): number {
  const { lines } = scan
  // A fence opening its item's line (`- ```sh`) is in that item in both readings.
  const own = openingContainedFence(lines[opener]!.text)
  if (own !== undefined && own.content > 0 && own.indent < 4) return own.content
  const found = blockNoteType(scan, block)
  // A block naming no known type makes no card.
  if (found === undefined) return 0
  const { typeLine, noteType } = found
  const body = block.start + 1
  let first = opener - 1
  let prefix = 0
  for (; first > typeLine; first--) {
    if (block.fenced[first - body]) continue
    const text = lines[first]!.text
    const field = fieldPrefix(text, noteType.fields, noteType.fieldAliases)
    if (field) {
      prefix = text.length - field.rest.length
      break
    }
  }
  if (first === typeLine) first++
  let lead = first
  const fieldText = (at: number) => (at === first ? lines[at]!.text.slice(prefix) : lines[at]!.text)
  while (lead < opener && isBlank(fieldText(lead))) lead++
  const textAt = (at: number) => {
    const position = first + at
    if (position < lead) return ''
    return position === lead ? fieldText(position).trimStart() : fieldText(position)
  }
  return itemContentAbove(textAt, opener - first, fence)
}
