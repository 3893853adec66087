/**
 * The quiz's days: from 4 a.m. local time to 4 a.m. the next day, as Anki's
 * (its default "next day starts at" 4) and as `build --with-progress` hands
 * review cards to Anki. `stats` counts the cards due today by them and the
 * session plan takes a review card on its due day by them, so the two agree
 * by construction; a review at 00:30 belongs to the day before.
 */

/** The hour, local time, at which a quiz day starts. */
export const dayRolloverHour = 4

/**
 * The local calendar date the quiz day of `time` started on (at its local
 * midnight): before 4 a.m., the day before. Read from the clock's own fields,
 * not by going back 4 hours: on the days clocks change, midnight to 4 a.m.
 * is 3 or 5 hours.
 */
function quizDayDate(time: Date): Date {
  const back = time.getHours() < dayRolloverHour ? 1 : 0
  return new Date(time.getFullYear(), time.getMonth(), time.getDate() - back)
}

/** The local 4 a.m. that starts the quiz day `offset` days after the quiz day of `now`. */
export function quizDayStart(now: Date, offset: number): Date {
  const day = quizDayDate(now)
  return new Date(day.getFullYear(), day.getMonth(), day.getDate() + offset, dayRolloverHour)
}

/**
 * The quiz day of `time` as a day number (days since 1970-01-01 of the local
 * calendar date the day started on): two times are on the same quiz day when
 * their numbers are equal.
 */
export function quizDayNumber(time: number): number {
  const day = quizDayDate(new Date(time))
  return Math.round(Date.UTC(day.getFullYear(), day.getMonth(), day.getDate()) / 86_400_000)
}

/**
 * The days since `last` as Anki counts them for FSRS (its "days elapsed"):
 * whole 24-hour days from `last` to the end of the quiz day of `now` (its
 * `next_day_at.elapsed_days_since(last_review)`), never below 0. A review
 * late in the evening and another after midnight, before 4 a.m., are the
 * same day (0); the evening before and the next morning, 1.
 */
export function quizDaysSince(last: Date, now: Date): number {
  const span = quizDayStart(now, 1).getTime() - last.getTime()
  return Math.floor(Math.max(0, span) / 86_400_000)
}
