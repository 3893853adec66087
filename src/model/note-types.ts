/**
 * The five standard Anki note types that decklab knows, with their fields in
 * Anki's order (the first field is the implicit one in a card block).
 */
export type NoteTypeName =
  | 'Basic'
  | 'Basic (and reversed card)'
  | 'Basic (optional reversed card)'
  | 'Basic (type in the answer)'
  | 'Cloze'

export interface NoteTypeInfo {
  name: NoteTypeName
  fields: readonly string[]
  /** `cloze` types make one card per cloze number; `standard` one per template. */
  kind: 'standard' | 'cloze'
}

export const noteTypes: readonly NoteTypeInfo[] = [
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

const byName = new Map<string, NoteTypeInfo>(noteTypes.map((type) => [type.name, type]))

export function findNoteType(name: string): NoteTypeInfo | undefined {
  return byName.get(name)
}

export function isNoteTypeName(name: string): name is NoteTypeName {
  return byName.has(name)
}
