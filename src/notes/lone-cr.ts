import type { FileScan } from './file-scan.js'

/**
 * A `START` that a lone `\r` (an old Mac line ending pasted into a `\n` file)
 * puts inside another line. Obsidian, as CommonMark, breaks the line there and
 * shows the block; decklab reads one line, as it splits lines at `\n` only, so
 * the block would be lost without a word. A file whose line endings are mostly
 * lone `\r` is refused whole (`cr-line-endings`, source-file.ts).
 */
export function reportBlockAfterLoneCr(scan: FileScan, index: number): void {
  const { text } = scan.lines[index]!
  const { beginNote } = scan.syntax
  // A `\r` left in a line's text is a lone one: `\r\n` endings are not part of it.
  for (let start = 0; start <= text.length; ) {
    const cr = text.indexOf('\r', start)
    const end = cr === -1 ? text.length : cr
    if (text.slice(start, end).trimEnd() === beginNote) {
      scan.report.warning(
        'block-after-lone-cr',
        `Unexpected \`${beginNote}\` in a line broken by a lone \`\\r\` (an old Mac line ending), expected it on a line of its own: Obsidian breaks the line at each \`\\r\` and shows the block, decklab reads one line and ignores the block`,
        {
          place: { line: index + 1, column: start + 1 },
          hint: "convert the lone `\\r` to line breaks, e.g. `perl -pi -e 's/\\r(?!\\n)/\\n/g' FILE`",
        },
      )
      return
    }
    if (cr === -1) return
    start = cr + 1
  }
}
