import { createDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js'
import type { NoteBlock } from '../model/note.js'
import { findNoteType } from '../model/note-types.js'
import { curlyToCloze, hasAnkiCloze, isClozeTypeName } from './cloze.js'
import type { OffsetMap } from './offset-map.js'
import { matchUserRegex } from './regex-match.js'
import type { CustomRegexp } from './settings.js'
import { pointAt, type SourceLine } from './text-lines.js'

/** A half-open range of offsets in the `\n`-only text that regex notes may not start in. */
export type IgnoreSpan = [start: number, end: number]

/** What the plugin appends to a user regex to catch a `Tags:` line and an ID (note.ts). */
const tagsSuffix = '(Tags: .*)'
const idSuffix = String.raw`\n?(?:<!--)?(?:ID: (\d+).*)`

// The plugin's code and math spans (constants.ts): regex notes never start inside them.
const protectedPatterns = [
  /(?<!\$)\$((?=[\S])(?=[^$])[\s\S]*?\S)\$/g,
  /\$\$([\s\S]*?)\$\$/g,
  /(?<!`)`(?=[^`])[\s\S]*?`/g,
  /```[\s\S]*?```/g,
]

export interface RegexNoteContext {
  file: string
  lines: readonly SourceLine[]
  offsets: OffsetMap
  customRegexps: readonly CustomRegexp[]
  curlyCloze: boolean
  highlightsToCloze: boolean
  /** Spans already taken (blocks, inline notes, fences, file settings lines), `\n`-text offsets. */
  ignoreSpans: IgnoreSpan[]
  diagnostics: Diagnostic[]
}

/**
 * Custom regex notes with the plugin's semantics: per note type in settings
 * order, the variants regex+tags+id, regex+id, regex+tags, regex; a match that
 * starts inside a taken span is skipped, and each accepted match becomes a
 * taken span. Capture groups fill the note type's fields in order.
 */
export function findRegexNotes(context: RegexNoteContext): NoteBlock[] {
  const text = context.offsets.normalized
  const spans = [...context.ignoreSpans]
  for (const pattern of protectedPatterns) {
    for (const match of text.matchAll(pattern))
      spans.push([match.index, match.index + match[0].length])
  }
  const notes: NoteBlock[] = []
  for (const { noteType: typeName, pattern } of context.customRegexps) {
    const noteType = findNoteType(typeName)
    if (!noteType) continue
    const isCloze = isClozeTypeName(noteType.name)
    variants: for (const searchId of [true, false]) {
      for (const searchTags of [true, false]) {
        const source = pattern + (searchTags ? tagsSuffix : '') + (searchId ? idSuffix : '')
        const matches = matchUserRegex(source, text)
        if (!matches) {
          context.diagnostics.push(
            createDiagnostic(
              context.file,
              1,
              1,
              'error',
              'regex-timeout',
              `Unexpected slow custom regex for \`${typeName}\` (over 1 s on this file), expected a regex without catastrophic backtracking; its notes in this file are skipped`,
            ),
          )
          break variants
        }
        for (const match of matches) {
          if (spans.some(([start, end]) => match.index >= start && match.index <= end)) continue
          const groups = [...match.groups]
          const id = searchId ? Number(groups.pop()) : null
          let tags: string[] = []
          if (searchTags) {
            tags = (groups.pop() ?? '')
              .slice('Tags: '.length)
              .split(' ')
              .filter((tag) => tag !== '')
          }
          const fields: Record<string, string> = {}
          noteType.fields.forEach((name, index) => {
            fields[name] = (groups[index] ?? '').trim()
          })
          if (isCloze) {
            // Not a note unless a cloze comes out (the plugin's CLOZE_ERROR).
            const converted = Object.values(fields).map((field) =>
              context.curlyCloze
                ? curlyToCloze(field, { highlightsToCloze: context.highlightsToCloze })
                : field,
            )
            if (!converted.some(hasAnkiCloze)) continue
          }
          const end = match.index + match.length
          spans.push([match.index, end])
          const startOffset = context.offsets.toOriginal(match.index)
          const endOffset = context.offsets.toOriginal(end)
          notes.push({
            kind: 'regex',
            noteType: noteType.name,
            fields,
            tags,
            id: id !== null && Number.isSafeInteger(id) ? id : null,
            labs: [],
            span: {
              start: pointAt(context.lines, startOffset),
              end: pointAt(context.lines, endOffset),
            },
            idInsertOffset: endOffset,
          })
        }
      }
    }
  }
  return notes
}
