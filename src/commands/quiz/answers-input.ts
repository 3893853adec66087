/**
 * The `--answers` input of a scripted session, opened before the state
 * folder is touched, so a bad path stops the run having created nothing.
 */
import { resolve } from 'node:path'
import type { Readable } from 'node:stream'
import { DecklabError, UsageError } from '../../errors.js'
import { isNoSuchFile } from '../../fs/no-such-file.js'
import { NotRegularFileError, openRegularFile } from '../../fs/regular-file.js'
import type { Io } from '../../terminal/io.js'
import { errorMessage } from '../../text/error-message.js'

/** The answers and where they come from, as error messages name it (`stdin`, or the path given). */
export interface AnswersInput {
  stream: Readable
  source: string
}

/** Standard input for `-`, else the file; undefined for an interactive session. */
export async function openAnswers(
  answers: string | undefined,
  io: Io,
): Promise<AnswersInput | undefined> {
  if (answers === undefined) return undefined
  if (answers === '-') return { stream: io.stdin, source: 'stdin' }
  if (answers === '')
    throw new UsageError('`--answers` needs a file name, or `-` for standard input')
  try {
    // Only a regular file: opening a FIFO would block where no signal reaches.
    const { handle } = await openRegularFile(resolve(io.cwd, answers))
    return { stream: handle.createReadStream(), source: answers }
  } catch (error) {
    // The file named is missing, shut or no file: the world's, not the argument's (no usage line).
    if (!(error instanceof NotRegularFileError)) {
      const missing = isNoSuchFile(error)
      const reason = missing
        ? 'it does not exist, expected a file of answers (or `-` for standard input)'
        : `${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}, expected a readable file`
      throw new DecklabError(
        missing ? 'path-not-found' : 'unreadable-file',
        `cannot read --answers ${answers}: ${reason}`,
        { cause: error },
      )
    }
    // What a shell can redirect into stdin (a FIFO, a device); a folder or a socket it cannot.
    const redirectable = error.kind === 'a FIFO' || error.kind === 'a character device'
    throw new DecklabError(
      'not-regular-file',
      `cannot read --answers ${answers}: it is ${error.kind}, expected a regular file${redirectable ? ` (for a pipe, use \`--answers - < ${answers}\`)` : ''}`,
      { cause: error },
    )
  }
}
