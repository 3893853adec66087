/** The `cards` row: one card per template ordinal or cloze number, new unless scheduled. */
import type { CardScheduling } from './progress-rows.js'

export interface CardRowInput {
  id: number
  noteId: number
  deckId: number
  ord: number
  /** Modification time, seconds. */
  mod: number
  /** New-card position: the note's place in the deck order. */
  due: number
  /** Scheduling carried over from the terminal quiz (`build --with-progress`). */
  scheduling?: CardScheduling | undefined
}

/** The `cards` row values, in column order. */
export function cardRow(card: CardRowInput): Array<string | number> {
  const plan = card.scheduling
  if (plan) {
    return [
      card.id,
      card.noteId,
      card.deckId,
      card.ord,
      card.mod,
      -1,
      plan.type,
      plan.queue,
      plan.due,
      plan.ivl,
      plan.factor,
      plan.reps,
      plan.lapses,
      plan.left,
      0,
      0,
      0,
      '',
    ]
  }
  return [
    card.id, // id
    card.noteId, // nid
    card.deckId, // did
    card.ord, // ord
    card.mod, // mod (seconds)
    -1, // usn
    0, // type: new
    0, // queue: new
    card.due, // due: position
    0, // ivl
    0, // factor
    0, // reps
    0, // lapses
    0, // left
    0, // odue
    0, // odid
    0, // flags
    '', // data
  ]
}
