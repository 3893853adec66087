/**
 * `lab serve` when the kernel refuses the socket at its path. A FAT or exFAT
 * folder (a USB stick) holds no socket files: the kernel's drivers refuse
 * bind with EPERM, and exfat-fuse makes an empty regular file there and then
 * fails with EIO. That file was left behind, and the next `lab serve` there
 * refused it as "exists and is not a socket", blaming the user's path.
 */
import { lstat, unlink } from 'node:fs/promises'
import { dirname } from 'node:path'
import { DecklabError } from '../errors.js'
import { errorMessage } from '../text/error-message.js'
import { errnoName } from './kit/evidence.js'

/** The codes a file system that holds no socket files gives a bind on it. */
const noSocketFiles = new Set(['EIO', 'EPERM', 'EOPNOTSUPP', 'ENOTSUP', 'ENOSYS'])

/** FAT keeps times to two seconds: a file made by the bind may look that much older. */
const timeGranularityMs = 2000

/**
 * The `cannot-serve` error for a bind of `path` that failed, after removing
 * what the failed bind left there: an empty regular file made since `startedAt`
 * (the path was checked free right before, so no one else's file is removed).
 */
export async function serveRefused(
  path: string,
  error: unknown,
  startedAt: number,
): Promise<DecklabError> {
  const left = await lstat(path).catch(() => undefined)
  if (left?.isFile() && left.size === 0 && left.mtimeMs >= startedAt - timeGranularityMs) {
    await unlink(path).catch(() => {})
  }
  const code = errnoName(error)
  const message =
    code !== undefined && noSocketFiles.has(code)
      ? `cannot serve on ${path}: ${code}: the file system of ${dirname(path)} may hold no socket files (FAT, exFAT and some FUSE file systems cannot); choose a --path on another file system, such as /tmp`
      : `cannot serve on ${path}: ${errorMessage(error)}`
  // The arguments were fine; the system refused (exit 2, without the usage line).
  return new DecklabError('cannot-serve', message, { cause: error })
}
