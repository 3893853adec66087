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
  let count = 0
  for (let index = line.indexOf('%%'); index !== -1; index = line.indexOf('%%', index + 2)) count++
  return count % 2 === 1 ? '%%' : undefined
}
