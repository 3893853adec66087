/**
 * The five standard Anki note types that decklab knows, with their fields in
 * Anki's order (the first field is the implicit one in a card block), the
 * same under a localized Anki's names (`Einfach`, see
 * `localized-note-types.ts`), and the user's own types that a vault's plugin
 * settings list (`custom`).
 */
import {
  type LocalizedNoteType,
  localizedNoteTypes,
  recognizeLocalized,
} from './localized-note-types.js'
import type { NoteTypeName } from './note-type-name.js'

export interface NoteTypeInfo {
  name: string
  fields: readonly string[]
  /**
   * `cloze` types make one card per cloze number; `standard` one per
   * template. A `custom` type is one of the user's Anki note types, known
   * only by its fields (the plugin's `fields_dict`): decklab has no
   * templates for it, so it can sync its notes but not build or quiz them.
   */
  kind: 'standard' | 'cloze' | 'custom'
  /**
   * Other names a `Name:` prefix may give a field (written name → field):
   * Cloze's `Extra`, in a vault whose plugin settings say the collection
   * still names its second field so (the plugin then fills it from `Extra:`).
   */
  fieldAliases?: Readonly<Record<string, string>> | undefined
  /**
   * The stock type this one is under a localized Anki's names (`Einfach`
   * for `Basic`): its blocks are read with these names, and their notes are
   * that stock type's (`resolve-notes.ts` renames them).
   */
  translationOf?: LocalizedNoteType | undefined
  /** Known by its name alone (no `fields_dict` entry says its fields): not offered in suggestions. */
  byNameOnly?: true | undefined
}

/** A stock note type: decklab has its templates. */
export interface StockNoteType extends NoteTypeInfo {
  name: NoteTypeName
  kind: 'standard' | 'cloze'
}

export const noteTypes: readonly StockNoteType[] = [
  { name: 'Basic', fields: ['Front', 'Back'], kind: 'standard' },
  { name: 'Basic (and reversed card)', fields: ['Front', 'Back'], kind: 'standard' },
  {
    name: 'Basic (optional reversed card)',
    fields: ['Front', 'Back', 'Add Reverse'],
    kind: 'standard',
  },
  { name: 'Basic (type in the answer)', fields: ['Front', 'Back'], kind: 'standard' },
  { name: 'Cloze', fields: ['Text', 'Back Extra'], kind: 'cloze' },
]

/**
 * The field decklab adds to every notetype for the lab footer. The footer
 * lives in a field of its own, shown only by the answer templates: inside
 * `Back` it would become part of the answer a "type in the answer" card
 * compares with, and appear on the question of reversed cards.
 */
export const labFieldName = 'Lab'

const byName = new Map<string, StockNoteType>(noteTypes.map((type) => [type.name, type]))

/** The stock note type of this name (a custom type is none). */
export function findNoteType(name: string): StockNoteType | undefined {
  return byName.get(name)
}

/** The note types a vault's blocks may name, by name: the stock ones, then its custom ones. */
export type NoteTypeLookup = ReadonlyMap<string, NoteTypeInfo>

/** The stock note types alone, by their English names. */
export const stockNoteTypes: NoteTypeLookup = byName

/** A localized Anki's name for a stock type, read with its localized field names. */
function translatedInfo(type: LocalizedNoteType, byNameOnly: boolean): NoteTypeInfo {
  const stock = byName.get(type.stock) as StockNoteType
  return {
    name: type.name,
    fields: type.fields,
    kind: stock.kind,
    translationOf: type,
    ...(byNameOnly ? { byNameOnly: true as const } : {}),
  }
}

/**
 * The translations a name alone tells (every translation of that name has
 * the same fields), for blocks whose type no `fields_dict` entry describes.
 */
const byNameTranslations: readonly NoteTypeInfo[] = [
  ...new Set(localizedNoteTypes.map((type) => type.name)),
].flatMap((name) => {
  const known = recognizeLocalized(name)
  return known !== undefined && 'type' in known ? [translatedInfo(known.type, true)] : []
})

/** The note types of a vault without plugin settings (or without `fields_dict`): the stock ones, and their translations. */
export const defaultNoteTypes: NoteTypeLookup = new Map<string, NoteTypeInfo>([
  ...byName,
  ...byNameTranslations.map((type) => [type.name, type] as const),
])

/**
 * The stock types and these custom ones (a custom type never replaces a
 * stock one). `stock` replaces stock types by name (Cloze with its old
 * field name, `clozeWithOldExtra`). A custom type whose name and fields are
 * a localized Anki's stock type (`Einfach` with `Vorderseite`,
 * `Rückseite`) is that stock type; a translation's name that no custom type
 * takes is known by its name alone.
 */
export function withCustomNoteTypes(
  custom: readonly NoteTypeInfo[],
  stock: readonly NoteTypeInfo[] = [],
): NoteTypeLookup {
  if (custom.length === 0 && stock.length === 0) return defaultNoteTypes
  const lookup = new Map<string, NoteTypeInfo>(byName)
  for (const type of stock) if (byName.has(type.name)) lookup.set(type.name, type)
  for (const type of custom) {
    if (lookup.has(type.name)) continue
    const known = recognizeLocalized(type.name, type.fields)
    lookup.set(
      type.name,
      known !== undefined && 'type' in known ? translatedInfo(known.type, false) : type,
    )
  }
  for (const type of byNameTranslations) if (!lookup.has(type.name)) lookup.set(type.name, type)
  return lookup
}

/**
 * Cloze as a collection made by an older Anki (2.1.15 among them) has it:
 * its second field is named `Extra`, and the plugin, which reads field
 * names from the collection, fills it from a block's `Extra:`. Its notes
 * are decklab's Cloze, with `Extra:` read as `Back Extra:`.
 */
export const clozeWithOldExtra: NoteTypeInfo = {
  ...(byName.get('Cloze') as StockNoteType),
  fieldAliases: { Extra: 'Back Extra' },
}

export function isNoteTypeName(name: string): name is NoteTypeName {
  return byName.has(name)
}

/** The names an unknown type's message offers: all but the translations known by their name alone. */
export function offeredNoteTypeNames(lookup: NoteTypeLookup): string[] {
  return [...lookup].filter(([, type]) => type.byNameOnly !== true).map(([name]) => name)
}
