import { commentAfterLine } from '../markdown/obsidian-comments.js'
import { codeSpans, spanAt } from '../text/code-spans.js'
import type { LinesAhead, OpenCode } from '../text/paragraph-code.js'

/**
 * The closing marker when a line opens a comment that runs past it: an HTML
 * comment at the start of the line (a CommonMark HTML block) or an Obsidian
 * `%%` left open, by the rule the field renderer strips comments by (`` `%%` ``
 * outside a comment is text, also in a span a later line of its paragraph
 * closes). Blocks inside such comments are not cards. `code` is the open code
 * the paragraph carries to the line (`paragraph-code.ts`), and the line's
 * for the next one.
 */
export function openedComment(
  line: string,
  code: OpenCode | undefined,
  ahead: LinesAhead,
): { close: string | undefined; code: OpenCode | undefined } {
  if (startsHtmlComment(line)) {
    return { close: opensHtmlComment(line) ? '-->' : undefined, code: undefined }
  }
  const after = commentAfterLine(line, false, code, ahead)
  return { close: after.open ? '%%' : undefined, code: after.code }
}

/**
 * Whether a line inside a comment closed by `close` ends it, and the open
 * code of the text after it. A `%%` comment may close and open again on one
 * line (`end %% text %% more`): it then stays open.
 */
export function closesComment(
  line: string,
  close: string,
  ahead: LinesAhead,
): { closed: boolean; code: OpenCode | undefined } {
  if (close !== '%%') return { closed: line.includes(close), code: undefined }
  const after = commentAfterLine(line, true, undefined, ahead)
  return { closed: !after.open, code: after.code }
}

/** Whether `line` starts an HTML comment block (`<!--` indented at most three columns). */
function startsHtmlComment(line: string): boolean {
  const trimmed = line.trimStart()
  return trimmed.startsWith('<!--') && line.length - trimmed.length <= 3
}

/** Whether `line` starts an HTML comment block that runs past it (no `-->` after its `<!--`). */
export function opensHtmlComment(line: string): boolean {
  return startsHtmlComment(line) && !line.trimStart().includes('-->', 4)
}

/**
 * Whether `line`, paragraph text, opens an inline HTML comment that runs past
 * it: its last `<!--` outside a code span, with no `-->` after it (nor the
 * complete `<!-->` or `<!--->`). Such a comment hides the lines after it
 * when a later line of the same paragraph closes it (CommonMark raw HTML).
 */
export function opensInlineHtmlComment(line: string): boolean {
  const open = line.lastIndexOf('<!--')
  if (open === -1 || line.includes('-->', open + 4)) return false
  if (line.startsWith('>', open + 4) || line.startsWith('->', open + 4)) return false
  return !line.includes('`') || spanAt(codeSpans(line), open) === undefined
}
