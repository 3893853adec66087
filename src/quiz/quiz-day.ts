/**
 * The quiz's days: from local midnight to local midnight. `stats` counts the
 * cards due today by them and the session plan takes a review card on its
 * due day by them, so the two agree by construction.
 */

/** The local midnight that starts the day `offset` days after the day of `now`. */
export function localDayStart(now: Date, offset: number): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset)
}
