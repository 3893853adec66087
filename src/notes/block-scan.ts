import type { Diagnostic } from '../diagnostics/diagnostic.js'
import {
  type ContainedFence,
  containedFenceLine,
  mayOpenFence,
  openingFenceAt,
} from '../text/container-fences.js'
import { closesFence, openingFence } from '../text/fences.js'
import { parseBlockBody } from './block-body.js'
import { blockNoteType } from './block-note-type.js'
import { checkCloserInItem } from './closing-fence-outside.js'
import { checkFencedMarker } from './end-in-fence.js'
import { type FileScan, ignoreLines, type OpenBlock } from './file-scan.js'
import { checkIdAfterEnd } from './id-after-end.js'
import { fieldPrefix } from './note-lines.js'
import { linePlace, linesPlace } from './text-lines.js'

/** A `START` line outside any block opens one. */
export function openBlock(scan: FileScan, index: number): void {
  scan.block = newBlock(index, undefined)
  scan.nestedCandidate = undefined
}

/** A block from its `START` at line `start`; `interrupted`: the error of the block it cut short. */
function newBlock(start: number, interrupted: Diagnostic | undefined): OpenBlock {
  return {
    start,
    fenced: [],
    fence: undefined,
    ended: undefined,
    fenceLine: start,
    fencedEnd: undefined,
    interrupted,
  }
}

/** A fence opens at line `index` of the block: its state starts afresh (`end-in-fence.ts`). */
function enterFence(block: OpenBlock, fence: ContainedFence, index: number): void {
  block.fence = fence
  block.fenceLine = index
  block.fencedEnd = undefined
}

/**
 * One line of the open block: fence lines are field text (an `END` inside a
 * fence does not close the block), `END` closes it (with a warning when text
 * follows), and a second `START` abandons it for a new block. Fences follow
 * the file scanner's rule (`container-fences.ts`): one in a list item or a
 * quote ends with it, so an `END` back at the margin ends the block, as
 * Obsidian shows it, even when that fence is never closed.
 */
export function scanBlockLine(scan: FileScan, block: OpenBlock, index: number): void {
  const { syntax, lines, report } = scan
  const line = lines[index]!.text
  // An end marker that is itself a fence (```` ``` ````, `~~~`) ends the block at its first line, as
  // the plugin's pattern reads it: a fence inside such a block cannot be told from the end.
  if (endIsFence(syntax.endNote) && line.trimEnd() === syntax.endNote) {
    finishBlock(scan, block, index)
    return
  }
  if (block.fence) {
    const place = containedFenceLine(line, block.fence)
    if (place !== 'outside') {
      if (place === 'closing') {
        checkCloserInItem(scan, block, index, block.fence, block.fenceLine)
        block.fence = undefined
      } else checkFencedMarker(scan, block, index, line)
      block.fenced.push(true)
      return
    }
    // A line less indented than the fence's list item (or outside its quote) ends both.
    block.ended = block.fence
    block.fence = undefined
  }
  if (isPlainText(line, syntax.beginNote, syntax.endNote)) {
    const fence = fenceAfterPrefix(scan, block, line)
    if (fence) enterFence(block, fence, index)
    block.fenced.push(false)
    return
  }
  // A closing fence at the margin after the item's code went on unindented (`- run:`, `  ```sh`,
  // `make`, ```` ``` ````) is taken for that fence's, as it was meant and as the plugin reads the
  // block, not as a fence opening that would take the `END` (and every block after it) into code.
  if (block.ended && closesFence(line, block.ended.fence)) {
    checkCloserInItem(scan, block, index, block.ended, block.fenceLine)
    block.ended = undefined
    block.fenced.push(true)
    return
  }
  // Indexed from the block's first line: a list item above `START` holds none of its fences.
  const body = block.start + 1
  const opened = openingFenceAt(line, (at) => lines[body + at]!.text, index - body)
  if (opened) {
    block.ended = undefined
    enterFence(block, opened, index)
    block.fenced.push(true)
    return
  }
  const trimmed = line.trimEnd()
  if (trimmed === syntax.endNote) {
    finishBlock(scan, block, index)
    return
  }
  if (line.startsWith(syntax.endNote) && /^[ \t]/.test(line.slice(syntax.endNote.length))) {
    // The place is the text after the blanks, which the user must move or remove, not the blank.
    const text = line.length - line.slice(syntax.endNote.length).trimStart().length
    report.warning(
      'end-not-alone',
      `Unexpected text after \`${syntax.endNote}\`, expected \`${syntax.endNote}\` alone on its line`,
      {
        place: linePlace(lines, index, text + 1),
        hint: 'the block ends here; the rest of the line is not part of the note',
      },
    )
    finishBlock(scan, block, index)
    return
  }
  if (trimmed === syntax.beginNote) {
    const unterminated = report.error(
      'unterminated-block',
      `Unexpected \`${syntax.beginNote}\` on line ${index + 1} before \`${syntax.endNote}\`, expected \`${syntax.endNote}\` to close this block`,
      {
        place: linesPlace(lines, block.start, index - 1),
        hint: 'the block is skipped; the next block still parses',
      },
    )
    ignoreLines(scan, block.start, index - 1)
    scan.block = newBlock(index, unterminated)
    return
  }
  block.fenced.push(false)
}

/**
 * Whether a line surely is field text: its first character is printable ASCII
 * (so never trimmed), opens no fence (`` ` ``, `~`, or an indent; nor a quote's
 * or a list item's, `> ```sh`, `- ```sh`, whose margin closer would otherwise
 * open a fence taking the `END` and the blocks after it) and starts neither
 * marker. Most block lines are decided here without the checks below.
 */
function isPlainText(line: string, beginNote: string, endNote: string): boolean {
  if (line.length === 0) return false
  const first = line.charCodeAt(0)
  return (
    first > 32 &&
    first < 127 &&
    first !== 96 &&
    first !== 126 &&
    first !== beginNote.charCodeAt(0) &&
    first !== endNote.charCodeAt(0) &&
    !mayOpenFence(line)
  )
}

/**
 * An `END` outside any block. Right after a block that interrupted another,
 * it is one block inside another: one `nested-start` error at the inner
 * `START` replaces the `unterminated-block` one. Otherwise it is stray.
 */
export function scanStrayEnd(scan: FileScan, index: number): void {
  const { syntax, lines, report } = scan
  const nested = scan.nestedCandidate
  scan.nestedCandidate = undefined
  if (!nested) {
    report.warning(
      'stray-end',
      `Unexpected \`${syntax.endNote}\` outside a block, expected a \`${syntax.beginNote}\` line before it`,
      { place: linePlace(lines, index) },
    )
    return
  }
  scan.diagnostics.splice(scan.diagnostics.indexOf(nested.unterminated), 1)
  report.error(
    'nested-start',
    `Unexpected \`${syntax.beginNote}\` inside another block, expected \`${syntax.endNote}\` before the next \`${syntax.beginNote}\``,
    {
      place: linePlace(lines, nested.start),
      hint: 'blocks cannot nest; put the example in a code fence',
    },
  )
}

/** The end of the file with a block still open: it makes no note. */
export function reportUnclosedBlock(scan: FileScan, block: OpenBlock): void {
  const { syntax, lines } = scan
  scan.report.error(
    'unterminated-block',
    `Unexpected end of file, expected \`${syntax.endNote}\` to close this block`,
    { place: linesPlace(lines, block.start, lines.length - 1), hint: 'the block is skipped' },
  )
}

function finishBlock(scan: FileScan, block: OpenBlock, endIndex: number): void {
  scan.block = undefined
  const note = parseBlockBody(block.fenced, {
    lines: scan.lines,
    deleteNoteLine: scan.syntax.deleteNoteLine,
    noteTypes: scan.noteTypes,
    startIndex: block.start,
    endIndex,
    report: scan.report,
    fieldPlaces: scan.fieldPlaces,
  })
  if (note) scan.blocks.push(note)
  if (note?.id === null) checkIdAfterEnd(scan, endIndex)
  ignoreLines(scan, block.start, endIndex)
  scan.nestedCandidate = block.interrupted
    ? { start: block.start, unterminated: block.interrupted }
    : undefined
}

/**
 * The fence a field's first line opens after its prefix (`Back: ```c`): the
 * field's text starts with it, so the card shows a code block, and an `END`
 * or `START` before its closing fence is code, as in a fence on a line of its own.
 */
function fenceAfterPrefix(
  scan: FileScan,
  block: OpenBlock,
  line: string,
): ContainedFence | undefined {
  // Most lines hold no fence: decided without looking for the note type.
  if (!line.includes('```') && !line.includes('~~~')) return undefined
  const found = blockNoteType(scan, block)
  if (found === undefined) return undefined
  const { noteType } = found
  const prefix = fieldPrefix(line, noteType.fields, noteType.fieldAliases)
  const fence = prefix === undefined ? undefined : openingFence(prefix.rest)
  // At the margin, as the field's first line: it ends at its closing fence only.
  return fence === undefined ? undefined : { fence, quotes: 0, indent: 0, content: 0 }
}

/** Whether a (custom) end marker opens a code fence, so it must be looked for before fences are. */
function endIsFence(endNote: string): boolean {
  return endNote.startsWith('```') || endNote.startsWith('~~~')
}
