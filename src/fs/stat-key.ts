/**
 * A file's metadata stamp: what the "nothing changed" checks compare
 * between builds (and sync between runs) instead of reading the file.
 */
import { type Stats, statSync } from 'node:fs'

/** `size:mtime:ctime` of a file, or `missing`. */
export function statKey(path: string): string {
  try {
    return statsKey(statSync(path))
  } catch {
    return 'missing'
  }
}

/** The stamp of metadata already read (`statKey` without a second stat), or `missing`. */
export function statsKey(stats: Stats | undefined): string {
  return stats === undefined ? 'missing' : `${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`
}
