import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { createReporter } from '../diagnostics/reporter.js'
import type { NoteBlock } from '../model/note.js'
import { type BodyLine, parseBlockBody } from './block-body.js'
import { openedComment } from './comments.js'
import { closesFence, type Fence, openingFence } from './fences.js'
import { type FrontMatter, frontMatterEnd, parseFrontMatter } from './front-matter.js'
import { parseFrozenFields } from './frozen-fields.js'
import { parseInlineNotes } from './inline-note.js'
import { idOfLine } from './note-lines.js'
import { createOffsetMap } from './offset-map.js'
import type { RegexBudget } from './regex-match.js'
import { findRegexNotes, type IgnoreSpan } from './regex-notes.js'
import { defaultSettings, type VaultSettings } from './settings.js'
import { splitTags } from './tags.js'
import { linePlace, linesPlace, type SourceLine, splitLines } from './text-lines.js'

export interface ParseContext {
  /** Path shown in diagnostics (relative to the current directory). */
  file: string
  settings?: VaultSettings | undefined
  /** The run's time budget for custom regexes (see `createRegexBudget`). */
  regexBudget?: RegexBudget | undefined
}

/** A Markdown heading outside code and blocks (for the "Add Context" breadcrumb). */
export interface Heading {
  level: number
  text: string
  /** Offset of the heading line in the original text. */
  offset: number
}

/** Everything one file says: its notes in source order and its file-level settings. */
export interface ParsedNoteFile {
  blocks: NoteBlock[]
  diagnostics: Diagnostic[]
  frontMatter: FrontMatter | undefined
  /** `TARGET DECK` (first one in the file). */
  targetDeck: string | undefined
  /** `FILE TAGS` (first one in the file), split on spaces. */
  fileTags: string[]
  /** `FROZEN - Type:` fields: note type → field → text appended to that field. */
  frozen: Record<string, Record<string, string>>
  headings: Heading[]
}

const atxHeading = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/

/**
 * Parse one note file with a linear line scanner: front matter, file settings
 * lines, `START`/`END` blocks, inline notes, and then custom regex notes.
 * Blocks inside code fences are ignored; fences inside blocks are field text.
 * Pure: never throws on any input, reports problems as diagnostics.
 */
export function parseNoteFile(text: string, context: ParseContext): ParsedNoteFile {
  const settings = context.settings ?? defaultSettings()
  const syntax = settings.syntax
  const file = context.file
  const lines = splitLines(text)
  const diagnostics: Diagnostic[] = []
  const blocks: NoteBlock[] = []
  const headings: Heading[] = []
  const frozen: Record<string, Record<string, string>> = {}
  const ignoreSpans: [number, number][] = []
  const report = createReporter(file, diagnostics)
  const spanOf = (from: number, to: number): [number, number] => [
    lines[from]!.start,
    lines[to]!.end,
  ]

  let frontMatter: FrontMatter | undefined
  let index = 0
  const frontEnd = frontMatterEnd(lines)
  if (frontEnd !== -1) {
    frontMatter = parseFrontMatter(lines, frontEnd, report)
    ignoreSpans.push(spanOf(0, frontEnd))
    index = frontEnd + 1
  }
  let targetDeck = frontMatter?.targetDeck
  let fileTags: string[] | undefined = frontMatter?.fileTags.length
    ? frontMatter.fileTags
    : undefined

  let fence: Fence | undefined
  let fenceStart = 0
  /** An HTML (`<!--`) or Obsidian (`%%`) comment spanning lines: its blocks are not cards. */
  let comment: { close: string; start: number; warned: boolean } | undefined
  /** The open block: its `START` line, body lines and inner fence. */
  let block:
    | {
        start: number
        body: BodyLine[]
        fence: Fence | undefined
        /** The `unterminated-block` diagnostic of the block this one interrupted. */
        interrupted: Diagnostic | undefined
      }
    | undefined
  /** A block that started inside another one; a stray `END` right after it means they were nested. */
  let nestedCandidate: { start: number; unterminated: Diagnostic } | undefined

  const finishBlock = (endIndex: number) => {
    const open = block!
    block = undefined
    const note = parseBlockBody(open.body, {
      lines,
      deleteNoteLine: syntax.deleteNoteLine,
      startIndex: open.start,
      endIndex,
      report,
    })
    if (note) blocks.push(note)
    ignoreSpans.push(spanOf(open.start, endIndex))
    nestedCandidate = open.interrupted
      ? { start: open.start, unterminated: open.interrupted }
      : undefined
  }

  for (; index < lines.length; index++) {
    const line = lines[index]!.text
    if (block) {
      if (block.fence) {
        if (closesFence(line, block.fence)) block.fence = undefined
        block.body.push({ index, inFence: true })
        continue
      }
      const opened = openingFence(line)
      if (opened) {
        block.fence = opened
        block.body.push({ index, inFence: true })
        continue
      }
      const trimmed = line.trimEnd()
      if (trimmed === syntax.endNote) {
        finishBlock(index)
        continue
      }
      if (line.startsWith(syntax.endNote) && /^[ \t]/.test(line.slice(syntax.endNote.length))) {
        report.warning(
          'end-not-alone',
          `Unexpected text after \`${syntax.endNote}\`, expected \`${syntax.endNote}\` alone on its line`,
          {
            place: linePlace(lines, index, syntax.endNote.length + 1),
            hint: 'the block ends here; the rest of the line is not part of the note',
          },
        )
        finishBlock(index)
        continue
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
        ignoreSpans.push(spanOf(block.start, index - 1))
        block = { start: index, body: [], fence: undefined, interrupted: unterminated }
        continue
      }
      block.body.push({ index, inFence: false })
      continue
    }

    if (fence) {
      if (closesFence(line, fence)) {
        fence = undefined
        ignoreSpans.push(spanOf(fenceStart, index))
      }
      continue
    }
    if (comment) {
      if (line.trimEnd() === syntax.beginNote && !comment.warned) {
        comment.warned = true
        report.warning(
          'block-in-comment',
          `Unexpected \`${syntax.beginNote}\` inside a comment opened on line ${comment.start + 1}, expected card blocks outside comments; the block is ignored`,
          {
            place: linePlace(lines, index),
            hint: 'Obsidian_to_Anki would still sync it; delete it or move it out of the comment',
          },
        )
      }
      if (line.includes(comment.close)) {
        ignoreSpans.push(spanOf(comment.start, index))
        comment = undefined
      }
      continue
    }
    const opened = openingFence(line)
    if (opened) {
      fence = opened
      fenceStart = index
      continue
    }
    const close = openedComment(line)
    if (close) {
      comment = { close, start: index, warned: false }
      continue
    }
    const trimmed = line.trimEnd()
    if (trimmed === syntax.beginNote) {
      block = { start: index, body: [], fence: undefined, interrupted: undefined }
      nestedCandidate = undefined
      continue
    }
    if (trimmed === syntax.endNote) {
      if (nestedCandidate !== undefined) {
        // Not two blocks with a missing END but one block inside another: one error, at the inner START.
        diagnostics.splice(diagnostics.indexOf(nestedCandidate.unterminated), 1)
        report.error(
          'nested-start',
          `Unexpected \`${syntax.beginNote}\` inside another block, expected \`${syntax.endNote}\` before the next \`${syntax.beginNote}\``,
          {
            place: linePlace(lines, nestedCandidate.start),
            hint: 'blocks cannot nest; put the example in a code fence',
          },
        )
      } else {
        report.warning(
          'stray-end',
          `Unexpected \`${syntax.endNote}\` outside a block, expected a \`${syntax.beginNote}\` line before it`,
          { place: linePlace(lines, index) },
        )
      }
      nestedCandidate = undefined
      continue
    }
    const first = line.charCodeAt(0)
    if (first === 35 || first === 32) {
      const heading = atxHeading.exec(line)
      if (heading) {
        headings.push({
          level: heading[1]!.length,
          text: (heading[2] ?? '').trim(),
          offset: lines[index]!.start,
        })
        continue
      }
    }
    if (line.startsWith(syntax.targetDeckLine)) {
      const deck = sameLineOrNext(lines, index, syntax.targetDeckLine)
      if (deck !== undefined) {
        ignoreSpans.push(spanOf(index, deck.nextLine ? index + 1 : index))
        if (targetDeck === undefined) targetDeck = deck.value.trim()
        else
          report.warning(
            'duplicate-target-deck',
            `Unexpected second \`${syntax.targetDeckLine}\`, expected one per file (the first one applies)`,
            { place: linesPlace(lines, index, deck.nextLine ? index + 1 : index) },
          )
        if (deck.nextLine) index++
        continue
      }
    }
    if (line.startsWith(syntax.fileTagsLine)) {
      const tags = sameLineOrNext(lines, index, syntax.fileTagsLine)
      if (tags !== undefined) {
        ignoreSpans.push(spanOf(index, tags.nextLine ? index + 1 : index))
        if (fileTags === undefined) fileTags = splitTags(tags.value)
        else
          report.warning(
            'duplicate-file-tags',
            `Unexpected second \`${syntax.fileTagsLine}\`, expected one per file (the first one applies)`,
            { place: linesPlace(lines, index, tags.nextLine ? index + 1 : index) },
          )
        if (tags.nextLine) index++
        continue
      }
    }
    if (line.startsWith(`${syntax.frozenFieldsLine} - `) && trimmed.endsWith(':')) {
      const result = parseFrozenFields(lines, index, syntax.frozenFieldsLine)
      if (result.noteType) {
        // The last FROZEN block of a type wins (the plugin's behaviour).
        frozen[result.noteType] = result.fields
      } else {
        report.error(
          'unknown-note-type',
          `Unexpected note type \`${result.typeName}\` in \`${syntax.frozenFieldsLine}\`, expected a known note type`,
          { place: linePlace(lines, index, syntax.frozenFieldsLine.length + 4) },
        )
      }
      ignoreSpans.push(spanOf(index, result.last))
      index = result.last
      continue
    }
    if (trimmed === syntax.deleteNoteLine && idOfLine(lines[index + 1]?.text ?? '') !== undefined) {
      report.warning(
        'delete-ignored',
        `Unexpected \`${syntax.deleteNoteLine}\`, expected no deletion marker: a package build cannot delete notes from a collection`,
        {
          place: linesPlace(lines, index, index + 1),
          hint: 'delete the note in Anki, then remove these lines',
        },
      )
      index++
      continue
    }
    if (line.includes(syntax.beginInlineNote)) {
      const notes = parseInlineNotes({
        lineIndex: index,
        line: lines[index]!,
        beginInlineNote: syntax.beginInlineNote,
        endInlineNote: syntax.endInlineNote,
        report,
      })
      for (const note of notes) {
        blocks.push(note)
        ignoreSpans.push([note.span.start.offset, note.span.end.offset])
      }
    }
  }
  if (comment) ignoreSpans.push(spanOf(comment.start, lines.length - 1))
  if (block) {
    report.error(
      'unterminated-block',
      `Unexpected end of file, expected \`${syntax.endNote}\` to close this block`,
      { place: linesPlace(lines, block.start, lines.length - 1), hint: 'the block is skipped' },
    )
  }

  if (settings.customRegexps.length > 0) {
    const offsets = createOffsetMap(text)
    const spans: IgnoreSpan[] = ignoreSpans.map(([start, end]) => [
      offsets.toNormalized(start),
      offsets.toNormalized(end),
    ])
    if (fence)
      spans.push([offsets.toNormalized(lines[fenceStart]!.start), offsets.normalized.length])
    blocks.push(
      ...findRegexNotes({
        report,
        lines,
        offsets,
        customRegexps: settings.customRegexps,
        curlyCloze: settings.curlyCloze,
        highlightsToCloze: settings.highlightsToCloze,
        ignoreSpans: spans,
        budget: context.regexBudget,
      }),
    )
    blocks.sort((a, b) => a.span.start.offset - b.span.start.offset)
  }
  return {
    blocks,
    diagnostics,
    frontMatter,
    targetDeck,
    fileTags: fileTags ?? [],
    frozen,
    headings,
  }
}

/** `MARKER: value` on the line, or `MARKER` alone with the value on the next line. */
function sameLineOrNext(
  lines: readonly SourceLine[],
  index: number,
  marker: string,
): { value: string; nextLine: boolean } | undefined {
  const line = lines[index]!.text
  if (line.startsWith(`${marker}: `))
    return { value: line.slice(marker.length + 2), nextLine: false }
  if (line.trimEnd() === marker && index + 1 < lines.length) {
    return { value: lines[index + 1]!.text, nextLine: true }
  }
  return undefined
}
