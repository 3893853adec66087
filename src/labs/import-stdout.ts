/**
 * What a lab module's top level writes to stdout while decklab loads the
 * labs (a `console.log` left in while writing it): decklab's stdout is its
 * report, and with `--json` exactly one JSON document, so `lab list --json`,
 * `lab run --json` and `verify --json` were broken by it. The runner puts a
 * run's stdout in its transcript (`withStdoutInTranscript`); a module's top
 * level runs outside any run, so its lines go to stderr, each a warning with
 * where it was written.
 */
import { stdoutWritesTo } from './descriptor-stdout.js'
import { throwPlaceSuffix } from './throw-place.js'

/** Run `importing` (the import of the lab modules of `directory`) with stdout sent to stderr. */
export async function withImportStdoutOnStderr<T>(
  directory: string,
  root: string,
  importing: () => Promise<T>,
): Promise<T> {
  const toStderr = (text: string) => {
    const place = throwPlaceSuffix(deepError(), directory, root)
    for (const line of text.replace(/\n$/, '').split('\n')) {
      process.stderr.write(
        `warning a lab module's top level wrote to stdout, decklab's report${place}: ${line}\n`,
      )
    }
  }
  const restore = stdoutWritesTo(toStderr)
  try {
    return await importing()
  } finally {
    restore()
  }
}

/** An error whose stack reaches the module below `console.log`'s own frames. */
function deepError(): Error {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 50
  try {
    return new Error('stdout')
  } finally {
    Error.stackTraceLimit = limit
  }
}
