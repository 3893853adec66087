/**
 * The closing marker when a line opens a comment that runs past it: an HTML
 * comment at the start of the line (a CommonMark HTML block) or an unpaired
 * Obsidian `%%`. Blocks inside such comments are not cards.
 */
export function openedComment(line: string): string | undefined {
  const trimmed = line.trimStart()
  if (trimmed.startsWith('<!--') && line.length - trimmed.length <= 3) {
    return trimmed.includes('-->', 4) ? undefined : '-->'
  }
  if (!line.includes('%%')) return undefined
  return percentMarkers(line) % 2 === 1 ? '%%' : undefined
}

/**
 * How many `%%` markers the line has outside code spans: `` `%%` `` is
 * text, in Obsidian as in CommonMark (a code span takes a run of backticks
 * to the next run of the same length; an unmatched run is text itself).
 */
function percentMarkers(line: string): number {
  let count = 0
  let index = 0
  while (index < line.length) {
    const character = line[index]
    if (character === '`') {
      let run = 1
      while (line[index + run] === '`') run += 1
      const close = closingRun(line, index + run, run)
      index = close === -1 ? index + run : close + run
    } else if (character === '%' && line[index + 1] === '%') {
      count += 1
      index += 2
    } else {
      index += 1
    }
  }
  return count
}

/** Where the next run of exactly `length` backticks from `from` starts, or -1. */
function closingRun(line: string, from: number, length: number): number {
  for (let index = line.indexOf('`', from); index !== -1; ) {
    let run = 1
    while (line[index + run] === '`') run += 1
    if (run === length) return index
    index = line.indexOf('`', index + run)
  }
  return -1
}
