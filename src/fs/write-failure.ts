/**
 * Why a file or folder could not be written, in words a user can act on,
 * with the system's code after them (`a file stands where a folder should
 * be (ENOTDIR)`). An error without a known code is shown by its code or text.
 */
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
