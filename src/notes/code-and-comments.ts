import { containedFenceLine, openingFenceAt } from '../text/container-fences.js'
import { lineRole, noLinesAhead, quoteDepth } from '../text/paragraph-code.js'
import { closesComment, openedComment, opensInlineHtmlComment } from './comments.js'
import { type FileScan, ignoreLines, linesAfterLine } from './file-scan.js'
import { linePlace } from './text-lines.js'

/**
 * Code fences and multi-line comments outside blocks: nothing in them is a
 * card. Returns whether the line opened one.
 */
export function openCodeOrComment(scan: FileScan, index: number): boolean {
  const line = scan.lines[index]!.text
  // A fence indented 1–3 columns is in a list item when one above holds it: it ends with the item.
  const fence = openingFenceAt(line, (above) => scan.lines[above]!.text, index)
  if (fence) {
    scan.fence = { fence, start: index }
    scan.code = undefined
    return true
  }
  // `%%` in indented code (a snippet pasted from Stack Overflow: `printf("%d%%", n);`) is text.
  if (line.includes('%%') && scan.indented.at(line, index)) {
    scan.code = undefined
    return false
  }
  // The lines ahead matter only to a line with a marker or a backtick, or one its paragraph carries code to.
  const ahead =
    scan.code !== undefined || line.includes('`') || line.includes('%%')
      ? linesAfterLine(scan, index)
      : noLinesAhead
  const { close, code } = openedComment(line, scan.code, ahead)
  scan.code = code
  if (close) {
    scan.comment = { close, start: index, warned: false }
    return true
  }
  // `text <!-- note` then lines of its paragraph up to `-->`: Obsidian hides them all, blocks too.
  if (
    line.includes('<!--') &&
    opensInlineHtmlComment(line) &&
    !scan.indented.at(line, index) &&
    paragraphCloses(scan, index)
  ) {
    scan.comment = { close: '-->', start: index, warned: false }
    scan.code = undefined
    return true
  }
  return false
}

/**
 * Whether a later line of the paragraph of line `index` holds `-->`, closing
 * an HTML comment opened on it: a blank line, a heading, a list item, a
 * quote or a fence ends the paragraph first, and the `<!--` is text. The
 * lines a search read to the paragraph's end without a `-->` are not read
 * again for a later `<!--` of that paragraph.
 */
function paragraphCloses(scan: FileScan, index: number): boolean {
  const { lines } = scan
  if (index < scan.htmlSearched || lineRole(lines[index]!.text, 0) === 'alone') return false
  const quotes = quoteDepth(lines[index]!.text)
  for (let at = index + 1; at < lines.length; at++) {
    const text = lines[at]!.text
    if (lineRole(text, quotes) !== 'continues') {
      scan.htmlSearched = at
      return false
    }
    if (text.includes('-->')) return true
  }
  scan.htmlSearched = lines.length
  return false
}

/**
 * A line inside an open fence: only its closing fence matters, or, for a fence
 * in a callout or a list item, a line outside that container, which ends it and
 * is read as any line is (returns false then).
 */
export function scanFenceLine(scan: FileScan, index: number): boolean {
  const open = scan.fence!
  const line = scan.lines[index]!.text
  const place = containedFenceLine(line, open.fence)
  if (place === 'code') {
    if (open.firstBegin === undefined && line.trimEnd() === scan.syntax.beginNote)
      open.firstBegin = index
    return true
  }
  scan.fence = undefined
  if (place === 'closing') ignoreLines(scan, open.start, index)
  else ignoreLines(scan, open.start, index - 1)
  return place === 'closing'
}

/** A line inside an open comment: a `START` there is warned about once, as the plugin would still sync it. */
export function scanCommentLine(scan: FileScan, index: number): void {
  const { syntax, lines } = scan
  const comment = scan.comment!
  const line = lines[index]!.text
  if (line.trimEnd() === syntax.beginNote && !comment.warned) {
    comment.warned = true
    // Said from here, not as a line number: a build that writes ID lines above the comment moves
    // this warning's place, not a number in its text (nothing between is a note: no ID goes there).
    const above = index - comment.start
    const opened = above === 1 ? 'on the line above' : `${above} lines above`
    scan.report.warning(
      'block-in-comment',
      `Unexpected \`${syntax.beginNote}\` inside a comment opened ${opened}, expected card blocks outside comments; the block is ignored`,
      {
        place: linePlace(lines, index),
        hint: 'Obsidian_to_Anki would still sync it; delete it or move it out of the comment',
      },
    )
  }
  const after = closesComment(line, comment.close, linesAfterLine(scan, index))
  if (after.closed) {
    ignoreLines(scan, comment.start, index)
    scan.comment = undefined
    scan.code = after.code
  }
}

/**
 * A fence still open at the end of the file that holds a `START`: a closing
 * fence forgotten (or lost in an export) silently took every block after it,
 * where a closed fence around a block is an example of the syntax.
 */
export function reportBlockInUnclosedFence(scan: FileScan): void {
  const open = scan.fence
  if (open?.firstBegin === undefined) return
  const { syntax, lines } = scan
  const above = open.firstBegin - open.start
  const opened = above === 1 ? 'on the line above' : `${above} lines above`
  scan.report.warning(
    'block-in-unclosed-fence',
    `Unexpected \`${syntax.beginNote}\` inside a code fence opened ${opened} and never closed, expected card blocks outside code fences; this block and every one after it are ignored`,
    {
      place: linePlace(lines, open.firstBegin),
      hint: 'close the fence (its backticks or tildes again, at least as many) before the block; Obsidian_to_Anki would still sync it',
    },
  )
}
