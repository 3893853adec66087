import type { Note } from '../model/note.js'

/** A card of the vault: its note's key + ord is its identity, so editing the text keeps its history. */
export interface QuizCard {
  /** `<note key>/<ord>` (`model/note-key.ts`): the GUID's, or the content key's while the note has no ID. */
  readonly key: string
  /**
   * `<content key>/<ord>`: where the card's progress was kept while its note
   * had no ID; computed on first use (a hash, and only old progress needs it).
   */
  readonly contentKey: string
  note: Note
  ord: number
}
