import { codeSpans, spanAt } from '../text/code-spans.js'

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
 * text, in Obsidian as in CommonMark.
 */
function percentMarkers(line: string): number {
  const code = codeSpans(line)
  let count = 0
  for (let index = line.indexOf('%%'); index !== -1; ) {
    const span = spanAt(code, index)
    if (span !== undefined) {
      index = line.indexOf('%%', span[1])
      continue
    }
    count += 1
    index = line.indexOf('%%', index + 2)
  }
  return count
}
