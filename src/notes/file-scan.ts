import type { Diagnostic, PlaceRange } from '../diagnostics/diagnostic.js'
import type { Reporter } from '../diagnostics/reporter.js'
import type { NoteBlock } from '../model/note.js'
import type { NoteTypeLookup } from '../model/note-types.js'
import { AheadRuns } from '../text/ahead-runs.js'
import type { ContainedFence } from '../text/container-fences.js'
import type { IndentedCode } from '../text/indented-code.js'
import type { LinesAhead, OpenCode } from '../text/paragraph-code.js'
import type { Heading } from './headings.js'
import type { SyntaxSettings } from './settings.js'
import type { SourceLine } from './text-lines.js'

/** A `START` block whose `END` is not reached yet. */
export interface OpenBlock {
  /** Index of its `START` line. */
  start: number
  /** One entry per line after `START` so far: whether it sits in (or delimits) a code fence. */
  fenced: boolean[]
  /** The code fence open inside it (also in a list item or a quote): an `END` there is field text. */
  fence: ContainedFence | undefined
  /** A fence in a list item that a line outside the item ended before its closing fence came. */
  ended: ContainedFence | undefined
  /** The line that opened `fence` (or `ended`). */
  fenceLine: number
  /**
   * In `fence`: its first `END` line when no `START` came before it there,
   * null once a marker was judged, undefined before any (`end-in-fence.ts`).
   */
  fencedEnd: number | null | undefined
  /** The `unterminated-block` diagnostic of the block this one interrupted. */
  interrupted: Diagnostic | undefined
}

/**
 * The state of the line scanner over one file: what it found so far and
 * which construct (block, fence, comment) is open. The scanning steps
 * (block-scan.ts, code-and-comments.ts, file-settings-lines.ts) share it.
 */
export interface FileScan {
  readonly lines: readonly SourceLine[]
  readonly syntax: SyntaxSettings
  /** The note types blocks may name (`VaultSettings.noteTypes`). */
  readonly noteTypes: NoteTypeLookup
  /** Reports into `diagnostics`. */
  readonly report: Reporter
  /** Blocks record where their fields start (`ParseContext.fieldPlaces`). */
  readonly fieldPlaces: boolean
  readonly diagnostics: Diagnostic[]
  readonly blocks: NoteBlock[]
  readonly headings: Heading[]
  /** `FROZEN - Type:` fields: note type → field → text appended to that field. */
  readonly frozen: Record<string, Record<string, string>>
  /**
   * Offsets of the original text taken by blocks, fences, comments and
   * settings lines; undefined when the vault has no custom regexes to keep out of them.
   */
  readonly ignoreSpans: [number, number][] | undefined
  /** `TARGET DECK` (the first one applies). */
  targetDeck: string | undefined
  /** Where that `TARGET DECK` is written. */
  targetDeckPlace: PlaceRange | undefined
  /** `FILE TAGS` (the first one applies). */
  fileTags: string[] | undefined
  block: OpenBlock | undefined
  /** A block that started inside another one; a stray `END` right after it means they were nested. */
  nestedCandidate: { start: number; unterminated: Diagnostic } | undefined
  /**
   * A code fence outside blocks (also in a callout or a list item): no cards inside it.
   * `firstBegin` is the first begin-marker line in it, warned about if the fence is never closed.
   */
  fence: { fence: ContainedFence; start: number; firstBegin?: number } | undefined
  /** An HTML (`<!--`) or Obsidian (`%%`) comment spanning lines: its blocks are not cards. */
  comment: { close: string; start: number; warned: boolean } | undefined
  /** The open code of the paragraph read last, which a later line of it may close (`paragraph-code.ts`). */
  code: OpenCode | undefined
  /** The line a search for the `-->` of an inline HTML comment reached without one (the paragraph's end). */
  htmlSearched: number
  /** Display math (`$$`) outside blocks, up to its closing line: a `START` in it gets `block-in-math`. */
  math: OpenMath | undefined
  /** The line a search for the closing `$$` of display math reached without one (a blank line). */
  mathSearched: number
  /** Tells lines of indented code, whose `%%` opens no comment. */
  readonly indented: IndentedCode
  /** The runs of the lines ahead, read once for every marker after an open run (made when first asked). */
  runs: AheadRuns | undefined
}

/** Open display math: where it opened, the line that closes it, and whether a `START` in it was warned about. */
export interface OpenMath {
  start: number
  close: number
  warned: boolean
}

/** Mark lines `from`..`to` (inclusive) as taken: regex notes never start in them. */
export function ignoreLines(scan: FileScan, from: number, to: number): void {
  scan.ignoreSpans?.push([scan.lines[from]!.start, scan.lines[to]!.end])
}

/**
 * The lines after line `index`, for a code span a later line of its paragraph
 * closes: up to the next begin marker, whose block is read on its own.
 */
export function linesAfterLine(scan: FileScan, index: number): LinesAhead {
  const ahead: LinesAhead = (count) => lineAhead(scan, index + count)
  scan.runs ??= new AheadRuns((at) => lineAhead(scan, at))
  ahead.runs = { index: scan.runs, line: index }
  return ahead
}

/** Line `at`, or undefined past the end or at a begin marker. */
function lineAhead(scan: FileScan, at: number): string | undefined {
  const text = scan.lines[at]?.text
  return text === undefined || text.trimEnd() === scan.syntax.beginNote ? undefined : text
}
