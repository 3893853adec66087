/**
 * A file's metadata stamp: what the "nothing changed" checks compare
 * between builds (and sync between runs) instead of reading the file.
 */
import { statSync } from 'node:fs'

/** `size:mtime:ctime` of a file, or `missing`. */
export function statKey(path: string): string {
  try {
    const stats = statSync(path)
    return `${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`
  } catch {
    return 'missing'
  }
}
