/**
 * GFM pipe tables, read as markdown-it reads them for the card: a header row
 * holding a `|`, a delimiter row (`|---|:-:|`) with as many cells, then body
 * rows up to a blank line or another block. The quiz shows each row as one
 * line of cells; a typed answer compares the cells' text, as Anki does.
 */

/** One cell of a delimiter row: dashes, with a colon at either end for alignment. */
const delimiterCell = /^:?-+:?$/

/** What ends the body: a blank line, or a quote, heading, fence, list item or rule. */
const otherBlock = /^\s*$|^\s{0,3}(?:>|#{1,6}(?:\s|$)|```|~~~|[-*+](?:\s|$)|\d{1,9}[.)](?:\s|$))/

/** The cells of a row: split at each `|` not after a backslash (`\|` is a `|`), outer pipes dropped. */
export function tableCells(line: string): string[] {
  const cells: string[] = []
  let current = ''
  const text = line.trim()
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!
    if (char !== '|') current += char
    else if (text[index - 1] === '\\') current = `${current.slice(0, -1)}|`
    else {
      cells.push(current)
      current = ''
    }
  }
  cells.push(current)
  if (cells[0] === '') cells.shift()
  if (cells.at(-1) === '') cells.pop()
  return cells.map((cell) => cell.trim())
}

/** The number of columns of a delimiter row, or undefined when `line` is not one. */
function delimiterColumns(line: string): number | undefined {
  if (!/^\s{0,3}[-:|][-:|\s]*$/.test(line) || /^\s*-\s/.test(line)) return undefined
  const parts = line.split('|')
  let columns = 0
  for (const [index, part] of parts.entries()) {
    const cell = part.trim()
    if (cell === '' && (index === 0 || index === parts.length - 1)) continue
    if (!delimiterCell.test(cell)) return undefined
    columns += 1
  }
  return columns
}

/** The number of columns when `line` heads a table whose delimiter row is `next`, else undefined. */
export function tableColumns(line: string, next: string | undefined): number | undefined {
  if (next === undefined || !line.includes('|') || /^ {4,}|^\t/.test(line)) return undefined
  const columns = delimiterColumns(next)
  return columns !== undefined && columns > 0 && tableCells(line).length === columns
    ? columns
    : undefined
}

/** Whether `line` ends a table's body rather than being a row of it. */
export function endsTable(line: string): boolean {
  return otherBlock.test(line)
}

/** A row's cells fitted to the header's `columns`: missing ones empty, extra ones dropped. */
export function rowCells(line: string, columns: number): string[] {
  const cells = tableCells(line).slice(0, columns)
  while (cells.length < columns) cells.push('')
  return cells
}
