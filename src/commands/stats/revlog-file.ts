/**
 * `stats --revlog FILE`: the review log goes only to a new file or to one
 * decklab wrote before (it starts with the log's header, and every review it
 * lists is in the new log too), through a symbolic link to the file it names;
 * never to a folder, a FIFO (reading one would block for ever) or a device.
 * The header alone is no proof: it is the optimizer's own format, which other
 * tools write, and an export from a state folder since lost or reset may be
 * the only copy of those reviews. Refusals of what is there exit 2 without
 * the usage line: `output-not-ours`, `revlog-would-lose-reviews`,
 * `output-not-writable`.
 */
import { lstatSync, realpathSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { DecklabError, UsageError } from '../../errors.js'
import { fileKind, readRegularTextSync } from '../../fs/regular-file.js'
import { writeFileAtomic } from '../../fs/write-atomic.js'
import { outputWriteError, writeFailureReason } from '../../fs/write-failure.js'
import { legacyRevlogHeader, revlogHeader } from '../../quiz/revlog.js'
import { count } from '../../text/count.js'

/** Write `csv` to the file `shown` names (relative to `cwd`), or throw an error saying why not. */
export function writeRevlogFile(cwd: string, shown: string, csv: string): void {
  if (shown.trim() === '') throw new UsageError('`--revlog` needs a file name')
  const path = revlogTarget(resolve(cwd, shown), shown)
  if (path.exists) {
    const text = readExisting(path.path, shown)
    if (![revlogHeader, legacyRevlogHeader].some((header) => text.startsWith(`${header}\n`))) {
      throw new DecklabError(
        'output-not-ours',
        `${shown} exists and is not a review log decklab wrote; choose another name (it was left as it is)`,
      )
    }
    const lost = reviewsLost(text, csv)
    if (lost > 0) {
      throw new DecklabError(
        'revlog-would-lose-reviews',
        `${shown} holds ${count(lost, 'review')} that this state's log does not (another state folder's, or one since lost or reset), and replacing it would lose them; choose another name (it was left as it is)`,
      )
    }
  }
  try {
    // A run killed while it replaced the log left its temp file in the user's folder.
    writeFileAtomic(path.path, csv, { clearDeadTemps: true })
  } catch (error) {
    throw outputWriteError(shown, error, '--revlog')
  }
}

/**
 * The text of the file already at `path`; one decklab may not read
 * (`unreadable-file`) cannot be told for its own log, so it is left as it is.
 */
function readExisting(path: string, shown: string): string {
  try {
    return readRegularTextSync(path)
  } catch (error) {
    throw new DecklabError(
      'unreadable-file',
      `${shown} exists and cannot be read: ${writeFailureReason(error)}, so it cannot be told for a review log decklab wrote; choose another name (it was left as it is)`,
      { cause: error },
    )
  }
}

/** The file to write (a link's target), and whether it is there already. */
function revlogTarget(path: string, shown: string): { path: string; exists: boolean } {
  const refuse = (what: string) =>
    new DecklabError(
      'output-not-ours',
      `Unexpected \`--revlog ${shown}\`: ${what}, expected a new file or a review log decklab wrote`,
    )
  let stats: ReturnType<typeof lstatSync>
  try {
    stats = lstatSync(path, { throwIfNoEntry: false })
  } catch {
    // A file where a folder should be (ENOTDIR) and the like: the write says why.
    return { path, exists: false }
  }
  if (stats === undefined) return { path, exists: false }
  if (stats.isSymbolicLink()) {
    let real: string
    try {
      real = realpathSync(path)
    } catch (error) {
      // A link round to itself leads somewhere, just never to a file: "to nothing" misnamed it.
      const loops = (error as NodeJS.ErrnoException).code === 'ELOOP'
      throw refuse(
        loops ? 'it is a symbolic link that loops (`ELOOP`)' : 'it is a symbolic link to nothing',
      )
    }
    const target = statSync(real)
    if (!target.isFile()) throw refuse(`it is a link to ${fileKind(target)}`)
    return { path: real, exists: true }
  }
  if (!stats.isFile()) throw refuse(`it is ${fileKind(stats)}`)
  return { path, exists: true }
}

/**
 * A row's review, as the log writes it: `review_time,review_rating,review_state`,
 * then `review_duration` (absent from the logs decklab wrote before it had that column).
 */
const reviewColumns = /,(\d+,[1-4],[0-3])(?:,\d+)?$/

/**
 * How many rows of the `old` CSV the `next` one lacks. Reviews are compared
 * without their `card_id`: a review kept before `build` wrote its note's ID
 * is listed under that ID afterwards, and is the same review. A line that is
 * no review row counts as lost too. A row the `old` CSV repeats whole is one
 * review, as the state's log counts a repeated record once (a log written
 * from a doubled line before that listed it twice).
 */
function reviewsLost(old: string, next: string): number {
  const kept = new Map<string, number>()
  for (const line of next.split('\n').slice(1)) {
    const review = reviewColumns.exec(line)?.[1]
    if (review !== undefined) kept.set(review, (kept.get(review) ?? 0) + 1)
  }
  let lost = 0
  const seen = new Set<string>()
  for (const row of old.split('\n').slice(1)) {
    const line = row.replace(/\r$/, '')
    if (line.trim() === '' || seen.has(line)) continue
    seen.add(line)
    const review = reviewColumns.exec(line)?.[1]
    const count = review === undefined ? 0 : (kept.get(review) ?? 0)
    if (count === 0) lost += 1
    else kept.set(review!, count - 1)
  }
  return lost
}
