/**
 * Whole-number options (`sync --timeout`, `lab run --deadline`, quiz's
 * `--new`…): digits only, within the option's range, else a usage error in
 * one wording for every command, naming the flag, what it counts and its range.
 */
import { UsageError } from '../errors.js'

export interface WholeNumberRange {
  min: number
  /** Default: none a person would meet (the largest integer a double holds exactly). */
  max?: number | undefined
  /** What the number counts (`seconds`), said in the message. */
  unit?: string | undefined
  /** Said after the range, in brackets: what a special value means, or what the bound is. */
  note?: string | undefined
}

/** The option's number, `undefined` when it is not given, or a `UsageError` for anything else. */
export function wholeNumberOption(
  flag: string,
  value: unknown,
  range: WholeNumberRange,
): number | undefined {
  if (value === undefined) return undefined
  const text = String(value)
  const number = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN
  const max = range.max ?? Number.MAX_SAFE_INTEGER
  // NaN fails both comparisons: anything but digits is refused here too.
  if (number >= range.min && number <= max) return number
  // A number past the unstated bound is told it, not only that it must be ≥ min.
  const stated = number > max ? { ...range, max } : range
  throw new UsageError(`\`${flag}\` expects ${wholeNumberText(stated)}, got \`${text}\``)
}

/** `a whole number of seconds from 0 to 86400 (0 waits for ever)`, `a whole number ≥ 0`. */
function wholeNumberText({ min, max, unit, note }: WholeNumberRange): string {
  const what = unit === undefined ? 'a whole number' : `a whole number of ${unit}`
  const range = max === undefined ? `≥ ${min}` : `from ${min} to ${max}`
  return note === undefined ? `${what} ${range}` : `${what} ${range} (${note})`
}
