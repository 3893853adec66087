/**
 * A system call that failed for a reason of the machine, not of decklab: a
 * full disk, a read-only file system, an I/O error. Where no step foresaw
 * it, it is still the user's to fix, so it is said as such (exit 2), never
 * as "a bug in decklab" (exit 70).
 */
import { DecklabError } from '../errors.js'

/** The machine's reasons, in words. */
const reasons: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'a read-only file system',
  EIO: 'an input/output error',
  EFBIG: 'the file is larger than allowed',
  EMFILE: 'too many open files in this process',
  ENFILE: 'too many open files on the system',
}

/**
 * The error as a `system-error` DecklabError, when it is one of the machine's
 * reasons. `stopped` says what was written before it, where the step knows
 * (a package written, but not its record); else "what it wrote before stays".
 */
export function systemError(
  error: unknown,
  stopped = 'decklab stopped there, and what it wrote before stays',
): DecklabError | undefined {
  if (!(error instanceof Error)) return undefined
  const { code, syscall, path } = error as NodeJS.ErrnoException
  const reason = code === undefined ? undefined : reasons[code]
  if (reason === undefined) return undefined
  const where = `${syscall ?? 'a system call'}${path === undefined ? '' : ` of \`${path}\``}`
  return new DecklabError(
    'system-error',
    `Unexpected \`${code}\` (${reason}) from ${where}, expected the system to take it: ${stopped}; run the command again once that is fixed`,
    { cause: error },
  )
}
