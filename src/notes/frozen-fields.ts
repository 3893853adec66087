import type { NoteTypeLookup } from '../model/note-types.js'
import { fieldPrefix } from './note-lines.js'
import type { SourceLine } from './text-lines.js'

/**
 * A `FROZEN - Type:` block at line `index`: the field lines that follow, up
 * to the first blank line, read like a block body (implicit first field,
 * `Field:` prefixes). Returns the last line of the block, and the note type
 * and fields when the type is known.
 */
export function parseFrozenFields(
  lines: readonly SourceLine[],
  index: number,
  frozenFieldsLine: string,
  noteTypes: NoteTypeLookup,
): {
  last: number
  typeName: string
  noteType?: string | undefined
  fields: Record<string, string>
} {
  const typeName = lines[index]!.text.trimEnd()
    .slice(frozenFieldsLine.length + 3, -1)
    .trim()
  let last = index
  while (last + 1 < lines.length && lines[last + 1]!.text.trim() !== '') last++
  const noteType = noteTypes.get(typeName)
  if (!noteType) return { last, typeName, fields: {} }
  const parts: Record<string, string[]> = {}
  let current = noteType.fields[0]!
  for (let position = index + 1; position <= last; position++) {
    const content = lines[position]!.text
    const prefix = fieldPrefix(content, noteType.fields, noteType.fieldAliases)
    if (prefix) current = prefix.field
    const field = parts[current] ?? []
    field.push(prefix ? prefix.rest : content)
    parts[current] = field
  }
  const fields: Record<string, string> = {}
  for (const [name, field] of Object.entries(parts)) fields[name] = field.join('\n').trim()
  return { last, typeName, noteType: noteType.name, fields }
}
