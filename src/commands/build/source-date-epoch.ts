/**
 * `SOURCE_DATE_EPOCH` (https://reproducible-builds.org/specs/source-date-epoch/):
 * the time a build stamps into the package instead of its clock's, so that CI
 * builds of the same notes from fresh checkouts (no build record) give the same
 * bytes.
 */
import { DecklabError } from '../../errors.js'

/** The latest time a package may carry: 9999-12-31T23:59:59Z, as Anki keeps seconds. */
const latestSeconds = 253_402_300_799

/**
 * The time `SOURCE_DATE_EPOCH` names, or undefined when it is unset or empty.
 * Anything but a whole number of seconds since 1970 stops the build (exit 2),
 * as the specification asks: a malformed value silently ignored would give a
 * package that is not the reproducible one the script asked for.
 */
export function sourceDateEpoch(env: Record<string, string | undefined>): Date | undefined {
  const value = env.SOURCE_DATE_EPOCH
  if (value === undefined || value === '') return undefined
  const seconds = /^\d{1,12}$/.test(value) ? Number(value) : Number.NaN
  if (!(seconds <= latestSeconds)) {
    throw new DecklabError(
      'invalid-source-date-epoch',
      `Unexpected SOURCE_DATE_EPOCH=${JSON.stringify(value)}, expected a whole number of seconds since 1970-01-01 UTC (as \`git log -1 --format=%ct\` prints), or unset`,
    )
  }
  return new Date(seconds * 1000)
}
