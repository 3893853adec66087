import type { Diagnostic, PlaceRange } from '../diagnostics/diagnostic.js'
import { createReporter } from '../diagnostics/reporter.js'
import type { NoteBlock } from '../model/note.js'
import { IndentedCode } from '../text/indented-code.js'
import { openBlock, reportUnclosedBlock, scanBlockLine, scanStrayEnd } from './block-scan.js'
import { reportBlockAfterBom } from './bom-line.js'
import {
  openCodeOrComment,
  reportBlockInUnclosedFence,
  scanCommentLine,
  scanFenceLine,
} from './code-and-comments.js'
import { reportConflictMarkers } from './conflict-markers.js'
import { type FileScan, ignoreLines } from './file-scan.js'
import { readFileSettingsLine } from './file-settings-lines.js'
import { type FrontMatter, frontMatterEnd, parseFrontMatter } from './front-matter.js'
import { type Heading, readHeading } from './headings.js'
import { parseInlineNotes } from './inline-note.js'
import { reportBlockAfterLoneCr } from './lone-cr.js'
import { reportBlockInMath, scanMathLine } from './math-blocks.js'
import { createOffsetMap } from './offset-map.js'
import type { RegexBudget } from './regex-match.js'
import { findRegexNotes, type IgnoreSpan } from './regex-notes.js'
import { defaultSettings, type VaultSettings } from './settings.js'
import { splitLines } from './text-lines.js'

export interface ParseContext {
  /** Path shown in diagnostics (relative to the current directory). */
  file: string
  settings?: VaultSettings | undefined
  /** The run's time budget for custom regexes (see `createRegexBudget`). */
  regexBudget?: RegexBudget | undefined
  /** Record where each block's fields start (`NoteBlock.fieldPlaces`); off by default, as it costs time. */
  fieldPlaces?: boolean | undefined
}

/** Everything one file says: its notes in source order and its file-level settings. */
export interface ParsedNoteFile {
  blocks: NoteBlock[]
  diagnostics: Diagnostic[]
  frontMatter: FrontMatter | undefined
  /** `TARGET DECK` (first one in the file). */
  targetDeck: string | undefined
  /** Where that `TARGET DECK` is written (its line, or its front matter key). */
  targetDeckPlace: PlaceRange | undefined
  /** `FILE TAGS` (first one in the file), split on spaces. */
  fileTags: string[]
  /** `FROZEN - Type:` fields: note type → field → text appended to that field. */
  frozen: Record<string, Record<string, string>>
  headings: Heading[]
}

/**
 * Parse one note file with a linear line scanner: front matter, file settings
 * lines, `START`/`END` blocks, inline notes, and then custom regex notes.
 * Blocks inside code fences are ignored; fences inside blocks are field text.
 * Pure: never throws on any input, reports problems as diagnostics.
 */
export function parseNoteFile(text: string, context: ParseContext): ParsedNoteFile {
  const settings = context.settings ?? defaultSettings()
  const lines = splitLines(text)
  const diagnostics: Diagnostic[] = []
  const scan: FileScan = {
    lines,
    syntax: settings.syntax,
    noteTypes: settings.noteTypes,
    report: createReporter(context.file, diagnostics),
    fieldPlaces: context.fieldPlaces === true,
    diagnostics,
    blocks: [],
    headings: [],
    frozen: {},
    ignoreSpans: settings.customRegexps.length > 0 ? [] : undefined,
    targetDeck: undefined,
    targetDeckPlace: undefined,
    fileTags: undefined,
    block: undefined,
    nestedCandidate: undefined,
    fence: undefined,
    comment: undefined,
    code: undefined,
    htmlSearched: 0,
    math: undefined,
    mathSearched: 0,
    indented: new IndentedCode((index) => lines[index]!.text),
    runs: undefined,
  }
  if (text.includes('<<<<<<<')) reportConflictMarkers(lines, scan.report)
  const frontMatter = readFrontMatter(scan)
  for (let index = frontMatter.next; index < lines.length; index++) {
    index = scanLine(scan, index)
  }
  if (scan.comment) ignoreLines(scan, scan.comment.start, lines.length - 1)
  if (scan.fence) reportBlockInUnclosedFence(scan)
  if (scan.block) reportUnclosedBlock(scan, scan.block)
  if (settings.customRegexps.length > 0) addRegexNotes(scan, text, settings, context.regexBudget)
  return {
    blocks: scan.blocks,
    diagnostics,
    frontMatter: frontMatter.frontMatter,
    targetDeck: scan.targetDeck,
    targetDeckPlace: scan.targetDeckPlace,
    fileTags: scan.fileTags ?? [],
    frozen: scan.frozen,
    headings: scan.headings,
  }
}

/** The front matter, if the file opens with one; its `TARGET DECK` and `FILE TAGS` apply first. */
function readFrontMatter(scan: FileScan): {
  frontMatter: FrontMatter | undefined
  /** The first line after it. */
  next: number
} {
  const end = frontMatterEnd(scan.lines)
  if (end === -1) return { frontMatter: undefined, next: 0 }
  const frontMatter = parseFrontMatter(scan.lines, end, scan.report)
  ignoreLines(scan, 0, end)
  scan.targetDeck = frontMatter.targetDeck
  scan.targetDeckPlace = frontMatter.targetDeckPlace
  if (frontMatter.fileTags.length > 0) scan.fileTags = frontMatter.fileTags
  return { frontMatter, next: end + 1 }
}

/**
 * One line, by what is open (a block, a fence, a comment) and else by what
 * it starts. Returns the index of the last line it took (settings may take
 * two or more).
 */
function scanLine(scan: FileScan, index: number): number {
  const { syntax } = scan
  if (scan.block) scanBlockLine(scan, scan.block, index)
  else if (scan.fence && scanFenceLine(scan, index)) {
    // a line of the fence, its closing one included
  } else if (scan.comment) scanCommentLine(scan, index)
  // The begin marker first: custom syntax may look like a fence or a comment
  // (```` ```anki ````, `%%anki`, `<!--anki`), and the plugin's pattern still reads a block there.
  else if (scan.lines[index]!.text.trimEnd() === syntax.beginNote) {
    scan.code = undefined
    reportBlockInMath(scan, index)
    openBlock(scan, index)
  } else if (!openCodeOrComment(scan, index)) {
    const line = scan.lines[index]!
    const trimmed = line.text.trimEnd()
    if (line.text.includes('\r')) reportBlockAfterLoneCr(scan, index)
    if (line.text.charCodeAt(0) === 0xfeff) reportBlockAfterBom(scan, index)
    if (line.text.includes('$$')) scanMathLine(scan, index)
    if (trimmed === syntax.endNote) scanStrayEnd(scan, index)
    else {
      const heading = readHeading(line)
      if (heading) scan.headings.push(heading)
      else {
        const last = readFileSettingsLine(scan, index)
        if (last !== undefined) return last
        if (line.text.includes(syntax.beginInlineNote)) addInlineNotes(scan, index)
      }
    }
  }
  return index
}

/** The `STARTI … ENDI` notes on line `index`. */
function addInlineNotes(scan: FileScan, index: number): void {
  const notes = parseInlineNotes({
    lineIndex: index,
    line: scan.lines[index]!,
    beginInlineNote: scan.syntax.beginInlineNote,
    endInlineNote: scan.syntax.endInlineNote,
    noteTypes: scan.noteTypes,
    report: scan.report,
  })
  for (const note of notes) {
    scan.blocks.push(note)
    scan.ignoreSpans?.push([note.span.start.offset, note.span.end.offset])
  }
}

/**
 * The custom regex notes, run on the `\n` form of the text outside what the
 * line scanner took (and outside a fence left open at the end), then every
 * note in source order.
 */
function addRegexNotes(
  scan: FileScan,
  text: string,
  settings: VaultSettings,
  budget: RegexBudget | undefined,
): void {
  const offsets = createOffsetMap(text)
  const spans: IgnoreSpan[] = (scan.ignoreSpans ?? []).map(([start, end]) => [
    offsets.toNormalized(start),
    offsets.toNormalized(end),
  ])
  if (scan.fence) {
    spans.push([
      offsets.toNormalized(scan.lines[scan.fence.start]!.start),
      offsets.normalized.length,
    ])
  }
  scan.blocks.push(
    ...findRegexNotes({
      report: scan.report,
      lines: scan.lines,
      offsets,
      customRegexps: settings.customRegexps,
      noteTypes: settings.noteTypes,
      curlyCloze: settings.curlyCloze,
      highlightsToCloze: settings.highlightsToCloze,
      ignoreSpans: spans,
      budget,
    }),
  )
  scan.blocks.sort((a, b) => a.span.start.offset - b.span.start.offset)
}
