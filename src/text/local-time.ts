/**
 * A moment as human output shows it: in the reader's local time zone, to the
 * day (`2026-01-03`, a day of the stats week) or to the minute
 * (`2026-01-03 10:10`, when a card is due). JSON output uses ISO 8601 instead.
 */
export function formatLocalTime(date: Date, precision: 'day' | 'minute'): string {
  const pad = (value: number) => String(value).padStart(2, '0')
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
  return precision === 'day' ? day : `${day} ${pad(date.getHours())}:${pad(date.getMinutes())}`
}
