import { commentOpenAfterLine } from '../markdown/obsidian-comments.js'

/**
 * The closing marker when a line opens a comment that runs past it: an HTML
 * comment at the start of the line (a CommonMark HTML block) or an Obsidian
 * `%%` left open, by the rule the field renderer strips comments by (`` `%%` ``
 * outside a comment is text). Blocks inside such comments are not cards.
 */
export function openedComment(line: string): string | undefined {
  const trimmed = line.trimStart()
  if (trimmed.startsWith('<!--') && line.length - trimmed.length <= 3) {
    return trimmed.includes('-->', 4) ? undefined : '-->'
  }
  return commentOpenAfterLine(line, false) ? '%%' : undefined
}

/**
 * Whether a line inside a comment closed by `close` ends it. A `%%` comment
 * may close and open again on one line (`end %% text %% more`): it then stays open.
 */
export function closesComment(line: string, close: string): boolean {
  if (close === '%%') return !commentOpenAfterLine(line, true)
  return line.includes(close)
}
