/**
 * Card scheduling and review-log rows for a package built with
 * `--with-progress` (schema 11, as Anki's v1 scheduler and importer read them).
 * The writer stores them as given; `src/commands/build/anki-progress.ts` makes them
 * from the terminal's FSRS state.
 */

/** The scheduling columns of a `cards` row. */
export interface CardScheduling {
  /** 0 new, 1 learning, 2 review. */
  type: number
  /** 0 new, 1 learning (due in epoch seconds), 2 review (due in collection days). */
  queue: number
  due: number
  /** Interval in days (0 while learning). */
  ivl: number
  /** Ease factor in permille (2500 = 250%). */
  factor: number
  reps: number
  lapses: number
  /** Learning steps left: today's count × 1000 + total. */
  left: number
}

/** One `revlog` row, without the card id (the writer knows it). */
export interface RevlogRow {
  /** Review time in epoch milliseconds (the row's id). */
  time: number
  /** The grade, 1–4. */
  ease: number
  /** New interval: days when positive, seconds when negative (learning). */
  ivl: number
  lastIvl: number
  factor: number
  /** 0 learning, 1 review, 2 relearning. */
  type: number
}

/** What one card carries from the terminal into the package. */
export interface CardProgress {
  scheduling: CardScheduling
  revlog: readonly RevlogRow[]
}

/** The `revlog` row values, in column order; `id` must be unique in the package. */
export function revlogRow(id: number, cardId: number, row: RevlogRow): number[] {
  return [id, cardId, -1, row.ease, row.ivl, row.lastIvl, row.factor, 0, row.type]
}
