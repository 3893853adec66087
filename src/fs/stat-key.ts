/**
 * A file's metadata stamp: what the "nothing changed" checks compare
 * between builds (and sync between runs) instead of reading the file.
 *
 * A stamp taken while the file's times are recent is not trusted (git's
 * "racy" files): a file system keeps times to its granularity (a second on
 * ext4 with small inodes, ext3, HFS+; two on FAT), so a same-size edit made
 * just after a build read the file can leave its size, mtime and ctime as
 * stamped, and a build that trusted the stamp would keep a package of the
 * old text. Such a stamp is marked; a marked stamp never vouches for a file
 * (`trustsStamp`), so the next run reads it, and stamps it again once its
 * times are old.
 */
import type { Stats } from 'node:fs'
import { statOrUndefined } from './stat-or-undefined.js'

/**
 * How recent a time makes a stamp racy, by the times' granularity: whole
 * seconds (ext3, ext4 with 128-byte inodes, HFS+, FAT's two) get more than
 * FAT's two seconds; finer times (from the kernel's coarse clock, a tick of
 * 1 to 10 ms) a few ticks. Either way, a later write cannot get the stamped times.
 */
export const racyWindowMs = { coarse: 3000, fine: 50 } as const

/** Appended to a racy stamp. NUL is in no path and JSON escapes it, so only a stamp holds it. */
const racyMark = '\0racy'

/** `size:mtime:ctime` of a file (marked when racy), or `missing`. */
export function statKey(path: string): string {
  return statsKey(statOrUndefined(path))
}

/**
 * `statKey` never marked racy: for decklab's own modules (see
 * fingerprint-record.ts), stamped by the build script right after `tsc` wrote
 * them, where an edit in the same tick is no user's and marking would only
 * make the first run hash the code again.
 */
export function plainStatKey(path: string): string {
  const stats = statOrUndefined(path)
  return stats === undefined ? 'missing' : metadataKey(stats)
}

/** The stamp of metadata already read (`statKey` without a second stat), or `missing`. */
export function statsKey(stats: Stats | undefined): string {
  if (stats === undefined) return 'missing'
  const key = metadataKey(stats)
  return isRacy(stats, Date.now()) ? key + racyMark : key
}

/** The file's metadata, or undefined when it cannot be read (missing, a folder it may not enter). */

/** `size:mtime:ctime`, unmarked. */
function metadataKey(stats: Stats): string {
  return `${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`
}

/**
 * A write from now on could get these times: the change time (any write sets
 * it to the clock) or a modification time that is not in the future (a
 * future one, from `cp -p` or `tar x` of another clock, no write now gets).
 */
function isRacy(stats: Stats, now: number): boolean {
  const coarse = stats.mtimeMs % 1000 === 0 || stats.ctimeMs % 1000 === 0
  const window = coarse ? racyWindowMs.coarse : racyWindowMs.fine
  const from = now - window
  return stats.ctimeMs > from || (stats.mtimeMs > from && stats.mtimeMs <= now + window)
}

/** The stamp, or a text holding stamps, vouches for the files: none of them was racy. */
export function trustsStamp(stamp: string): boolean {
  return !stamp.includes(racyMark)
}

/** The file is as recorded by a trusted stamp (`recorded` from `statKey` in an earlier run). */
export function statUnchanged(path: string, recorded: string): boolean {
  return trustsStamp(recorded) && statKey(path) === recorded
}
