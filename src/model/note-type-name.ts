/**
 * The five stock Anki note types decklab knows, by their English names: what
 * a localized Anki's names (`localized-note-types.ts`) translate and what
 * `note-types.ts` gives fields to.
 */
export type NoteTypeName =
  | 'Basic'
  | 'Basic (and reversed card)'
  | 'Basic (optional reversed card)'
  | 'Basic (type in the answer)'
  | 'Cloze'
