/**
 * `Back:` in a block of a localized Anki's stock type (`Basique`, whose
 * fields are `Recto` and `Verso`): blocks name fields as the user's Anki
 * does, so the plugin, and decklab with it, reads the line as text of the
 * field before it, and the answer shows on the question. Said, not silently
 * kept, as a prefix in another case is (`field-prefix-case`). Likewise a
 * word `Back:` in an inline note (`STARTI [Basique] … ENDI`).
 */
import type { Place } from '../diagnostics/diagnostic.js'
import type { Reporter } from '../diagnostics/reporter.js'
import type { NoteTypeInfo } from '../model/note-types.js'
import { stockToWrittenFields } from '../model/translated-note.js'
import { fieldPrefix, prefixInOtherCase } from './note-lines.js'

/** The stock field names a translated type names otherwise (`Back` → `Verso`); undefined for any other type. */
export function stockFieldNames(noteType: NoteTypeInfo): ReadonlyMap<string, string> | undefined {
  const type = noteType.translationOf
  if (type === undefined) return undefined
  const names = new Map(
    [...stockToWrittenFields(type)].filter(([field, written]) => written !== field),
  )
  return names.size === 0 ? undefined : names
}

/**
 * Reports a line that starts with a stock field's prefix (`Back:`, `back:`)
 * in such a block; returns the stock field it names (`Back`), if any.
 */
export function reportStockFieldPrefix(
  line: string,
  names: ReadonlyMap<string, string>,
  context: { report: Reporter; place: () => Place },
  noteType: string,
  field: string,
): string | undefined {
  const stock = [...names.keys()]
  const exact = fieldPrefix(line, stock)
  const found = exact
    ? { written: exact.field, meant: exact.field }
    : prefixInOtherCase(line, stock)
  if (found === undefined) return undefined
  warn(found, names, context, { noteType, field, unit: 'block', part: 'line' })
  return found.meant
}

/**
 * Reports an inline note's word that is a stock field's prefix (`Back:`,
 * `back:`): the plugin switches fields only on a word that is exactly one
 * of the type's own (`Verso:`), so this word is text too. Returns the stock
 * field it names (`Back`), if any.
 */
export function reportStockFieldWord(
  word: string,
  names: ReadonlyMap<string, string>,
  context: { report: Reporter; place: () => Place },
  noteType: string,
  field: string,
): string | undefined {
  const written = word.slice(0, -1)
  const lower = written.toLowerCase()
  const meant = [...names.keys()].find((name) => name.toLowerCase() === lower)
  if (meant === undefined) return undefined
  warn({ written, meant }, names, context, { noteType, field, unit: 'inline note', part: 'word' })
  return meant
}

function warn(
  found: { written: string; meant: string },
  names: ReadonlyMap<string, string>,
  context: { report: Reporter; place: () => Place },
  where: { noteType: string; field: string; unit: string; part: string },
): void {
  const meant = names.get(found.meant)!
  context.report.warning(
    'stock-field-prefix',
    `Unexpected \`${found.written}:\` in this \`${where.noteType}\` ${where.unit}, expected \`${meant}:\`: its fields go by your Anki's names (\`${[...names.values()].join('`, `')}\`), as in Obsidian_to_Anki, so this ${where.part} is text of \`${where.field}\``,
    {
      place: context.place(),
      hint: `write \`${meant}:\` to start that field, or \`${found.written}\\:\` to keep the ${where.part} as text`,
    },
  )
}
