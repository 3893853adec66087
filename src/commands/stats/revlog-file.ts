/**
 * `stats --revlog FILE`: the review log goes only to a new file or to one
 * decklab wrote before (it starts with the log's header), through a
 * symbolic link to the file it names; never to a folder, a FIFO (reading one
 * would block for ever) or a device.
 */
import { lstatSync, realpathSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { UsageError } from '../../errors.js'
import { fileKind, readRegularTextSync } from '../../fs/regular-file.js'
import { writeFileAtomic } from '../../fs/write-atomic.js'
import { writeFailureReason } from '../../fs/write-failure.js'
import { revlogHeader } from '../../quiz/revlog.js'

/** Write `csv` to the file `shown` names (relative to `cwd`), or throw a usage error saying why not. */
export function writeRevlogFile(cwd: string, shown: string, csv: string): void {
  if (shown.trim() === '') throw new UsageError('`--revlog` needs a file name')
  const path = revlogTarget(resolve(cwd, shown), shown)
  if (path.exists) {
    const text = readRegularTextSync(path.path)
    if (!text.startsWith(`${revlogHeader}\n`)) {
      throw new UsageError(
        `${shown} exists and is not a review log decklab wrote; choose another name (it was left as it is)`,
      )
    }
  }
  try {
    writeFileAtomic(path.path, csv)
  } catch (error) {
    throw new UsageError(
      `Cannot write \`${shown}\`: ${writeFailureReason(error)}, expected a writable folder`,
      { cause: error },
    )
  }
}

/** The file to write (a link's target), and whether it is there already. */
function revlogTarget(path: string, shown: string): { path: string; exists: boolean } {
  const refuse = (what: string) =>
    new UsageError(
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
    } catch {
      throw refuse('it is a symbolic link to nothing')
    }
    const target = statSync(real)
    if (!target.isFile()) throw refuse(`it is a link to ${fileKind(target)}`)
    return { path: real, exists: true }
  }
  if (!stats.isFile()) throw refuse(`it is ${fileKind(stats)}`)
  return { path, exists: true }
}
