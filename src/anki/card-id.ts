/**
 * Card ids. Anki reads a card's id as its creation time in milliseconds
 * (`added:N` searches `cards.id`), and keeps the id a package gives when it
 * is free in the collection. So a card's id is its note's id (the note's
 * creation time) plus one minute per template ordinal or cloze number:
 * - stable: the same note and ordinal give the same id in every build;
 * - plausible: a card is "added" within minutes after its note, so Anki's
 *   "added today" finds today's notes' cards, and old notes' cards look old;
 * - never equal for notes whose ids are 1 apart (a run of IDs allocated in
 *   one build): only notes exactly a whole number of minutes apart, to the
 *   millisecond, could meet, and the package then moves the later card up by
 *   1 ms until its id is free, visiting cards in (note id, ordinal) order so
 *   the result does not depend on file order.
 */

/** Milliseconds between the ids of a note's consecutive ordinals. */
export const cardIdStride = 60_000

/** The id a card gets unless another card of the package already has it. */
export function preferredCardId(noteId: number, ord: number): number {
  return noteId + ord * cardIdStride
}

/**
 * The id of every card, in the order of `cards` (which may come in any
 * order), unique within the package.
 */
export function assignCardIds(cards: ReadonlyArray<{ noteId: number; ord: number }>): number[] {
  const ids = cards.map(({ noteId, ord }) => preferredCardId(noteId, ord))
  // Almost always every preferred id is free: nothing moves, so there is nothing to order.
  if (new Set(ids).size === ids.length) return ids
  const order = ids.map((_, index) => index)
  order.sort((a, b) => {
    const left = cards[a] as { noteId: number; ord: number }
    const right = cards[b] as { noteId: number; ord: number }
    return left.noteId - right.noteId || left.ord - right.ord
  })
  // A clash moves the card to the next free id, as a linear probe would. A run of
  // IDs allocated in one build that spans more than a minute (60,000 notes or so)
  // makes every reversed or cloze card clash with a later note, and probing one
  // id at a time through the run took quadratic time (14 s of a 100,000-note
  // build). So each taken id keeps the id to try after it, shortened as probes pass.
  const nextToTry = new Map<number, number>()
  for (const index of order) {
    const id = freeIdFrom(ids[index] as number, nextToTry)
    nextToTry.set(id, id + 1)
    ids[index] = id
  }
  return ids
}

/**
 * The first id at or after `id` that is not taken, where every taken id maps to
 * an id after it with only taken ids between. The ids passed on the way are
 * pointed past the one found, so no run of taken ids is walked twice.
 */
function freeIdFrom(id: number, nextToTry: Map<number, number>): number {
  let free = id
  const passed: number[] = []
  for (let next = nextToTry.get(free); next !== undefined; next = nextToTry.get(free)) {
    passed.push(free)
    free = next
  }
  for (const taken of passed) nextToTry.set(taken, free + 1)
  return free
}
