import type { FileScan } from './file-scan.js'

/**
 * A `START` after a byte-order mark (U+FEFF) inside a file: a note joined
 * after another (`cat a.md b.md`, `copy /b`) keeps its mark at the start of its
 * first line, where no editor shows it. The line is not `START` then, so the
 * block is ignored, and the `END` below it was said to have no `START` before
 * it, where the user sees one.
 */
export function reportBlockAfterBom(scan: FileScan, index: number): void {
  const { text } = scan.lines[index]!
  const { beginNote } = scan.syntax
  let start = 0
  while (text.charCodeAt(start) === 0xfeff) start++
  if (start === 0 || text.slice(start).trimEnd() !== beginNote) return
  scan.report.warning(
    'block-after-bom',
    `Unexpected byte-order mark (U+FEFF, which editors do not show) before \`${beginNote}\`, expected \`${beginNote}\` at the start of its line: the block is ignored`,
    {
      place: { line: index + 1, column: 1 },
      hint: "a file joined after another keeps its mark there: delete it, e.g. `sed -i 's/\\xEF\\xBB\\xBF//g' FILE`",
    },
  )
}
