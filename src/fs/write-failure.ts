/**
 * Why a file or folder could not be written, in words a user can act on,
 * with the system's code after them (`a file stands where a folder should
 * be (ENOTDIR)`). An error without a known code is shown by its code or text.
 */
import { DecklabError } from '../errors.js'
export function writeFailureReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === undefined) return error instanceof Error ? error.message : String(error)
  const words = reasons[code]
  return words === undefined ? code : `${words} (${code})`
}

const reasons: Readonly<Record<string, string>> = {
  // Making the folders of a path fails with EEXIST when one of them is a file.
  EEXIST: 'a file stands where a folder should be',
  ENOTDIR: 'a file stands where a folder should be',
  EISDIR: 'a folder stands where the file should be',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  // A file size limit (`ulimit -f`) the file would pass.
  EFBIG: 'the file is larger than allowed',
  ENAMETOOLONG: 'the name is too long',
}

/** Whether a write failed for want of room (a full disk, a quota): it needs space freed, not permissions. */
export function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return code === 'ENOSPC' || code === 'EDQUOT'
}

/** Codes that say the machine refused the write (a full disk, an I/O error), not that the place is wrong. */
const machineRefusals = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'EIO'])

/**
 * The error for an output file (`shown`) that could not be written:
 * `output-not-writable` when the place is wrong (a folder that may not be
 * written, a file in the way), and `system-error` when the machine refused
 * it (a full disk, a quota, an I/O error). Either way the command line was
 * right, so no "see --help" (exit 2). `option` is the one that names another
 * place to write (`-o`, `--revlog`).
 */
export function outputWriteError(shown: string, error: unknown, option = '-o'): DecklabError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code !== undefined && machineRefusals.has(code)) {
    return new DecklabError(
      'system-error',
      `Cannot write \`${shown}\`: ${writeFailureReason(error)}, expected the device to take it: free space there (or write elsewhere with \`${option}\`) and run the command again`,
      { cause: error },
    )
  }
  return new DecklabError(
    'output-not-writable',
    `Cannot write \`${shown}\`: ${writeFailureReason(error)}, expected a writable output folder`,
    { cause: error },
  )
}
